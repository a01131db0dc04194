// Command-line tests live beside this file (the bad-input corpus, interruption, fuzz regressions).
