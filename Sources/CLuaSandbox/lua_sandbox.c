int lsb_version(void) { return 1; }
