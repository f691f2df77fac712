from ytcs.cli import main

main()
