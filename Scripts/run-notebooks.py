#!/usr/bin/env python3
"""Executes every notebook in Notebooks/ headless (nbclient), as the test suite's last step.

A notebook that raises fails the run. Outputs are not written back: the committed notebooks stay
small and clean. Prints a closing line `notebooks: N passed, M failed`.
"""
import pathlib
import sys

import nbformat
from nbclient import NotebookClient

root = pathlib.Path(__file__).resolve().parent.parent
passed, failed = 0, 0
for path in sorted((root / "Notebooks").glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(root / "Notebooks")}})
    try:
        client.execute()
        passed += 1
        print(f"notebook {path.name}: passed")
    except Exception as error:  # the cell's traceback is the useful part
        failed += 1
        print(f"notebook {path.name}: FAILED\n{error}")
print(f"notebooks: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
