"""Command-line tests (ntm_desktop/cli/): ``ntm`` run through cli.main in-process or as
``python -m ntm_desktop``, on database files from the root conftest's fixtures."""
