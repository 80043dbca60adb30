"""The dashboard in a real browser: Playwright (Python) driving Debian's chromium.

Main flows: search, filter by clicking the timeline and the network, open a story, open
an article and check its highlights; keyboard navigation and labels. Screenshots go to
tests/artifacts/ (not committed). No browser is downloaded: without /usr/bin/chromium
(``apt-get install chromium``) these tests skip, loudly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .test_server_support import (  # noqa: F401 - fixtures by name
    fixture_base_url,
    fixture_server_db,
    fixture_small_pipeline,
    story_articles,
)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"SKIPPED LOUDLY: no browser at {CHROMIUM} — `apt-get install -y chromium` "
    "to run the dashboard's browser tests",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, base_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    # Offline: any request that leaves the test server fails the test.
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(base_url) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, errors
    assert not dialogs, f"a script from an article ran: {dialogs}"
    assert not outside, f"requests left the server: {outside}"


def ready(page: Any, path: str) -> None:
    page.goto(path)
    page.wait_for_selector("#app[data-ready=true]", timeout=20_000)


def events_total(page: Any) -> int:
    text = page.locator(".pager").first.inner_text()
    match = re.search(r"of ([\d,]+)", text)
    return int(match.group(1).replace(",", "")) if match else 0


def test_dashboard_events_page_draws_timeline_map_network_and_list(page: Any) -> None:
    ready(page, "/events")
    assert page.locator("#timeline svg g.day").count() > 10
    assert page.locator("#map path.country").count() > 150
    assert page.locator("#map path.country.has").count() >= 5
    assert page.locator("#map circle.point").count() >= 5
    assert page.locator("#network g.node").count() >= 5
    assert page.locator("ol.events li.event").count() == 50
    assert page.locator("#facets button.facet").count() > 10
    assert page.get_attribute("#twin", "href") == "/api/events"


def test_dashboard_search_finds_an_article_and_opens_it(page: Any) -> None:
    ready(page, "/search")
    page.fill("#f-q", "genève rencontre")
    page.press("#f-q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=gen"))
    page.wait_for_selector("#app[data-ready=true]")
    first = page.locator("ol.results li.result h2 a").first
    assert first.inner_text() == "Blinken et Lavrov se rencontrent à Genève"
    assert page.get_attribute("#twin", "href").startswith("/api/search?q=gen")
    first.click()
    page.wait_for_selector("#app[data-ready=true]")
    assert page.locator("#article-text").inner_text().startswith("Blinken et Lavrov")


def test_dashboard_facet_click_filters(page: Any) -> None:
    ready(page, "/events")
    page.locator("#facets button.facet[data-facet='language'][data-value='fr']").click()
    page.wait_for_url(re.compile(r"language=fr"))
    page.wait_for_selector("#app[data-ready=true]")
    assert page.locator("#facets button[data-facet='language']").count() == 1
    assert "language: fr" in page.locator("#active").inner_text()


def test_dashboard_timeline_click_filters_to_that_day(page: Any) -> None:
    ready(page, "/events?actor=Q7105544")
    day = page.locator("#timeline g.day[tabindex='0']").first
    date = day.get_attribute("data-day")
    day.click()
    page.wait_for_url(re.compile(rf"since={date}&until={date}"))
    page.wait_for_selector("#app[data-ready=true]")
    days = page.locator("ol.events li.event .day").all_inner_texts()
    assert days and set(days) == {date}


def test_dashboard_timeline_brush_selects_a_range(page: Any) -> None:
    ready(page, "/events")
    days = page.locator("#timeline g.day[tabindex='0']")
    start, end = days.nth(2), days.nth(12)
    first, last = start.get_attribute("data-day"), end.get_attribute("data-day")
    start.hover()
    page.mouse.down()
    end.hover()
    page.mouse.up()
    page.wait_for_url(re.compile(rf"since={first}&until={last}"))
    page.wait_for_selector("#app[data-ready=true]")
    shown = page.locator("ol.events li.event .day").all_inner_texts()
    assert shown and all(first <= d <= last for d in shown)


def test_dashboard_network_click_filters_by_actor(page: Any) -> None:
    ready(page, "/events?type=CONSULT")
    page.locator("#network g.node[data-actor='Q7105544'] circle").click()
    page.wait_for_url(re.compile(r"actor=Q7105544"))
    page.wait_for_selector("#app[data-ready=true]")
    assert events_total(page) == 3
    for text in page.locator("ol.events li.event .parties").all_inner_texts():
        assert "Antony Blinken" in text


def test_dashboard_story_shows_sources_copies_and_contradictions(page: Any) -> None:
    fr = story_articles()[1]
    ready(page, f"/articles/{fr.id}")
    page.locator(".relations a[href^='/stories/']").click()
    page.wait_for_selector("#app[data-ready=true]")
    cards = page.locator(".sources .source-card")
    assert cards.count() == 3
    assert sorted(page.locator(".sources .badge.lang").all_inner_texts()) == ["en", "en", "fr"]
    assert page.locator(".source-card.copy").count() == 1
    conflicts = " ".join(page.locator(".contradiction li.conflict").all_inner_texts())
    assert "130 000 soldats" in conflicts and "100,000 troops" in conflicts
    # Every value is one click from its evidence in its article.
    page.locator(".contradiction li.conflict a", has_text="evidence").first.click()
    page.wait_for_selector("#app[data-ready=true]")
    assert page.locator("mark.hl-target").count() >= 1


def test_dashboard_article_highlights_every_annotation_at_its_offsets(page: Any) -> None:
    en = story_articles()[0]
    ready(page, f"/articles/{en.id}")
    text = page.locator("#article-text")
    assert text.inner_text() == en.text
    assert page.locator("mark.hl-trigger").first.inner_text() == "met"
    assert "".join(page.locator("mark.hl-figure").all_inner_texts()) == "100,000 troops"
    evidence = "".join(page.locator("mark.hl-event").all_inner_texts())
    assert evidence == "Antony Blinken met Sergei Lavrov in Geneva on Friday."
    # The event in the side list jumps to its evidence sentence.
    page.locator(".record a.jump[href='#ev-0']").click()
    assert page.evaluate("location.hash") == "#ev-0"


def test_dashboard_article_markup_is_shown_as_text_not_run(page: Any) -> None:
    scripted = story_articles()[3]
    ready(page, f"/articles/{scripted.id}")
    assert "<script>alert('xss')</script>" in page.locator("#article-text").inner_text()
    assert page.locator("#article-text script, #article-text img").count() == 0
    assert page.locator("h1").inner_text() == scripted.title
    assert page.evaluate("document.scripts.length") == 1  # the dashboard's own


def test_dashboard_analyze_page_renders_the_record(page: Any) -> None:
    ready(page, "/analyze")
    page.fill(
        "#a-text",
        "Le gouvernement a annoncé jeudi l'envoi de 300 soldats supplémentaires. "
        "<b>Les députés</b> ont approuvé le texte.",
    )
    page.fill("#a-published", "2022-03-03")
    page.click("button[type=submit]")
    page.wait_for_selector("#result[data-done=true]")
    assert page.locator("#result .problem").count() == 0
    assert "300 soldats" in page.locator("#result #article-text").inner_text()


def test_dashboard_keyboard_skip_link_and_labels(page: Any) -> None:
    ready(page, "/events")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')].filter(
            (e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
        ).map((e) => e.outerHTML)"""
    )
    assert unlabelled == []
    for selector in ("#timeline g.day[tabindex='0']", "#network g.node", "#map path.has"):
        assert page.locator(selector).first.get_attribute("aria-label")
    # A focused timeline day filters with Enter, as a click does.
    day = page.locator("#timeline g.day[tabindex='0']").first
    date = day.get_attribute("data-day")
    day.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"since={date}"))


def test_dashboard_api_docs_render_offline(page: Any) -> None:
    page.goto("/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 18
