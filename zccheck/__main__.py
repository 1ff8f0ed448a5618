from zccheck.cli import main

main()
