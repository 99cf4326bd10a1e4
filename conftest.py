"""Root conftest: enables pytester for the plugin's end-to-end tests in tests/, and the option
that regenerates the renderers' golden files on purpose."""

pytest_plugins = ["pytester"]


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true",
                     help="rewrite the renderers' golden files in tests/golden (review the diff)")
