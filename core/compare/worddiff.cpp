#include "compare/worddiff.h"

// Implementation lands with issue 5 (contract header committed first).
