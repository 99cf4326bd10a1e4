"""The audit suite's own short options: ``--release`` and ``--locale`` for the plugin's
``--iaf-release`` and ``--iaf-locale`` (the plugin's names are prefixed so that it never
collides with another project's options; this suite's conftest may use the short ones)."""


def pytest_addoption(parser):
    group = parser.getgroup("iaf")
    group.addoption("--release", action="append", default=[], dest="iaf_release",
                    metavar="PATH", help="short for --iaf-release")
    group.addoption("--locale", dest="iaf_locale", default=None, help="short for --iaf-locale")
