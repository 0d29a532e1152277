"""Sending tampered forms, example after example, each undone before the next."""

from hypothesis import HealthCheck, given, settings

from tests.fuzz.bad_input import tampered
from tests.fuzz.integrity import assert_sound, rolled_back, snapshot

# Few examples per form, always the same ones: CI is deterministic and the folder stays fast.
FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fuzz_form(client, url, fields, baseline, *, method="post", edited=(), examples=None, **kw):
    """Send the form tampered with; every answer must pass ``assert_sound``."""
    send = client.post if method == "post" else client.get

    @settings(FUZZ, max_examples=examples or FUZZ.max_examples)
    @given(sent=tampered(fields, baseline))
    def send_tampered(sent):
        check(client, url, sent, send=send, edited=edited, **kw)

    send_tampered()


def check(client, url, sent, *, send=None, edited=(), **kw):
    """One request, judged, then rolled back. Every example starts from the same rows (the
    one before it was rolled back), so they are counted before its savepoint: on PostgreSQL,
    only when a row has changed since the last count (``snapshot``)."""
    send = send or client.post
    before = snapshot()
    with rolled_back():
        response = send(url, sent)
        after = snapshot()
        assert_sound(response, url=url, sent=sent, before=before, after=after, edited=edited, **kw)
    return response
