"""`make bench`: load the application with large data sets and print its figures.

Not part of the installed application and never imported by it: run from the project root
(``python -m bench.run``), so that this package is importable next to the apps.
"""
