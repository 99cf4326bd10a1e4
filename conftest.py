"""Root conftest: enables pytester for the plugin's end-to-end tests in tests/."""

pytest_plugins = ["pytester"]
