#include "compare/runplan.h"

// Implementation lands with issue 5 (contract header committed first).
