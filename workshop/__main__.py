"""`python -m workshop` runs the `werkstatt` command."""

from workshop.cli import main

if __name__ == "__main__":
    main()
