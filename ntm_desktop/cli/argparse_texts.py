"""argparse's own texts ("usage: ", "options", the -h line, its usage errors) in the current
language: :func:`gettext` and :func:`ngettext` stand for the ones argparse imported from gettext
(``cli/common`` installs them).

argparse asks for these texts while it builds a parser, so they live here and not in the
catalog, whose areas a parser must not load (issue 22: ``ntm summary --json`` loads none).
The keys are argparse's message ids, exactly as the running Python's argparse writes them
(tests/cli/test_help_argparse.py checks each is still there and keeps its placeholders). A text
not listed here (the programmer's errors: a conflicting option string …) stays English.
"""

from __future__ import annotations

from ntm_desktop import i18n

# message id -> (Vietnamese, English); the same %-placeholders in both
TEXTS: dict[str, tuple[str, str]] = {
    "usage: ": ("cách dùng: ", "usage: "),
    "positional arguments": ("tham số", "positional arguments"),
    "options": ("tùy chọn", "options"),
    "show this help message and exit": ("hiện trợ giúp này rồi thoát", "show this help message and exit"),
    "argument %(argument_name)s: %(message)s": ("tham số %(argument_name)s: %(message)s",
                                                "argument %(argument_name)s: %(message)s"),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (chọn một trong: %(choices)s)",
        "unknown parser %(parser_name)r (choices: %(choices)s)"),
    "unrecognized arguments: %s": ("không hiểu các tham số: %s", "unrecognized arguments: %s"),
    "not allowed with argument %s": ("không dùng được cùng với %s", "not allowed with argument %s"),
    "ignored explicit argument %r": ("tùy chọn này không nhận giá trị %r", "ignored explicit argument %r"),
    "the following arguments are required: %s": ("thiếu tham số bắt buộc: %s",
                                                  "the following arguments are required: %s"),
    "one of the arguments %s is required": ("cần một trong các tham số %s", "one of the arguments %s is required"),
    "expected one argument": ("cần một giá trị", "expected one argument"),
    "expected at most one argument": ("cần nhiều nhất một giá trị", "expected at most one argument"),
    "expected at least one argument": ("cần ít nhất một giá trị", "expected at least one argument"),
    "expected %s argument": ("cần %s giá trị", "expected %s argument"),
    "expected %s arguments": ("cần %s giá trị", "expected %s arguments"),
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn không rõ: %(option)s có thể là %(matches)s",
        "ambiguous option: %(option)s could match %(matches)s"),
    "unexpected option string: %s": ("tùy chọn không đúng chỗ: %s", "unexpected option string: %s"),
    "invalid %(type)s value: %(value)r": ("giá trị %(type)s không hợp lệ: %(value)r",
                                         "invalid %(type)s value: %(value)r"),
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)",
        "invalid choice: %(value)r (choose from %(choices)s)"),
}


def gettext(message: str) -> str:
    """argparse's text ``message`` in the current language (itself when not listed)."""
    pair = TEXTS.get(message)
    if pair is None:
        return message
    return pair[0] if i18n.language() == "vi" else pair[1]


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural text for ``n``, in the current language (Vietnamese has one form)."""
    return gettext(singular if n == 1 else plural)
