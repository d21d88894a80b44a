#include "compare/repeatstats.h"

// Implementation lands with issue 5 (contract header committed first).
