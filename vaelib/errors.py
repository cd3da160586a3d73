"""The base class of the errors that vaelib reports to users as one line."""


class VaelibError(Exception):
    """An expected failure with a one-line message that says what to do.

    The CLI prints ``error: <message>`` for these and exits with status 2,
    without a traceback. Subclasses: ``ConfigError``, ``DatasetError``, ``ReportError``.
    """
