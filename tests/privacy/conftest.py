from tests.supporters.conftest import passphrase_file, petition  # noqa: F401 - the supporter store's fixtures
