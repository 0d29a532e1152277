"""The bench's uncached figures (#15): a page's requests are taken in turns with the bare
view's, and its ratio is the bare view's median over the page's (the bench itself is not a
test; its measuring is)."""

import itertools
from types import SimpleNamespace

from bench import run
from bench.pages import Page

BARE = Page(run.bench_pages.BASELINE, "baseline", "/bench/baseline/", False, "baseline", True)
PAGE = Page("start", "start page", "/", False, "public", True)


def _server(monkeypatch, times: dict) -> list:
    asked = []
    answers = {path: itertools.cycle(values) for path, values in times.items()}

    def request(url, cookie):
        path = url.removeprefix("http://server")
        asked.append(path)
        return next(answers[path])

    monkeypatch.setattr(run, "_request_ms", request)
    return asked


def test_the_bare_view_and_the_page_are_requested_in_turns(monkeypatch):
    asked = _server(monkeypatch, {"/bench/baseline/": [1.0], "/": [10.0]})
    run.measure_uncached(SimpleNamespace(url="http://server"), [BARE, PAGE], "", 5)
    # The page's two warm-up requests (one per worker), then the bare view, the page ...
    assert asked[-12:] == ["/", "/"] + ["/bench/baseline/", "/"] * 5


def test_the_ratio_is_of_the_medians_of_the_pairs(monkeypatch):
    _server(monkeypatch, {"/bench/baseline/": [1.0, 3.0, 2.0, 9.0, 2.0], "/": [20.0, 40.0]})
    bare, page, requests = run._paired_medians(
        "http://server/bench/baseline/", "http://server/", "", 5
    )
    assert (bare, page, requests) == (2.0, 20.0, 5)
    _server(monkeypatch, {"/bench/baseline/": [2.0], "/": [25.0]})
    results = run.measure_uncached(SimpleNamespace(url="http://server"), [BARE, PAGE], "", 5)
    assert results["start"] == {"ms": 25.0, "requests": 5, "baseline_ms": 2.0, "ratio": 0.08}
