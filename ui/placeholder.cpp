namespace Crucible { int uiPlaceholder() { return 0; } }
