"""One test module per check kind (yamllint's tests/rules): each kind's passing and failing examples on
facts built by hand (tests/checks/builders.py), fast, with no file on disk and no subprocess."""
