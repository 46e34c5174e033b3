"""The report of a build of the sample articles: written by the report asset for its release, and
drawn by a real browser (headless Chromium, skipped where it is not installed)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import dagster as dg
import pytest
from matplotlib import image

from pipeline import store
from pipeline.cli import main
from pipeline.definitions import defs
from pipeline.defs import assets
from pipeline.defs.resources import build_resources
from pipeline.report import charts, gather

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "chromium")
# What the page must draw for each qualifier, as the report promises it: a point when exact, a bar
# for ranges and vague plurals, an open-ended marker for the bounded ones (hollow when hedged).
EXPECTED_SHAPE = {"exact": "point", "approx": "approx", "range": "bar", "vague": "bar", "more_than": "more",
                  "at_least": "more", "fewer_than": "less", "at_most": "less"}
MEASURE = """<script>
const sizes = {};
for (const e of document.querySelectorAll('[id^="mark-"], [id^="key-"]')) {
  const box = e.getBoundingClientRect();
  sizes[e.id] = [box.width, box.height];
}
const out = document.createElement('pre');
out.id = 'measured';
out.textContent = JSON.stringify(sizes);
document.body.appendChild(out);
</script>"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    shutil.copytree(REPO / "raw", base / "raw")
    definitions = defs()
    result = dg.materialize(list(definitions.assets) + list(definitions.asset_checks),
                            resources=build_resources(raw_dir=base / "raw", datasets_dir=base / "datasets"),
                            instance=dg.DagsterInstance.ephemeral())
    assert result.success
    events = {e.asset_key.path[-1]: e.materialization for e in result.get_asset_materialization_events()}
    return base / "datasets", events


def _expected_mark(row, figures) -> str:
    """The SVG id the page must hold for a claim_groups row, from the promise in EXPECTED_SHAPE."""
    hollow = "-hollow" if figures.loc[(row.doc_id, row.figure_id), "hedged"] else ""
    return f"mark-{EXPECTED_SHAPE[row.qualifier]}{hollow}-{row.group_id}-{row.figure_id}"


def _purge_group(datasets: Path, release: str):
    groups = store.load(datasets, "claim_groups", release=release)
    chosen = groups[groups["label"].str.contains("expel|exclu") & (groups["period"] == "2015")]
    assert chosen["group_id"].nunique() == 1 and chosen["outlet"].nunique() >= 2
    return chosen


def test_the_report_asset_writes_the_page_of_its_release(built):
    datasets, events = built
    release = str(events["release"].metadata["release"].value)
    metadata = events["report"].metadata
    page = store.report_path(datasets, release)
    assert metadata["path"].value == str(page) and page.is_file()
    assert (datasets / "current" / store.CURRENT_REPORT).read_bytes() == page.read_bytes()
    assert release in metadata["summary"].value and "claim chart" in metadata["summary"].value
    assert metadata["bytes"].value == page.stat().st_size


def test_the_purge_group_shows_every_outlets_figures_with_their_sentences(built):
    datasets, events = built
    release = str(events["release"].metadata["release"].value)
    html = store.report_path(datasets, release).read_text(encoding="utf-8")
    figures = store.load(datasets, "figures", release=release).set_index(["doc_id", "figure_id"])
    group = _purge_group(datasets, release)
    for row in group.itertuples(index=False):
        figure = figures.loc[(row.doc_id, row.figure_id)]
        assert f'id="{_expected_mark(row, figures)}"' in html
        assert f"<mark>{figure['text']}</mark>" in html
        assert row.outlet in html


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--window-size=1200,1800", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def chromium() -> str:
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package to render the report in a browser")
    return CHROMIUM


def test_chromium_draws_every_mark_of_the_samples(built, chromium, tmp_path):
    datasets, events = built
    release = str(events["release"].metadata["release"].value)
    html = store.report_path(datasets, release).read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    result = _chromium("--dump-dom", probe.as_uri(), profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    measured = json.loads(re.search(r'<pre id="measured">(.*?)</pre>', result.stdout, flags=re.S).group(1))
    figures = store.load(datasets, "figures", release=release).set_index(["doc_id", "figure_id"])
    groups = store.load(datasets, "claim_groups", release=release)
    charted = groups[groups.groupby("group_id")["outlet"].transform("nunique") >= 2]
    expected = {_expected_mark(r, figures) for r in charted.itertuples(index=False)}
    assert expected, "the samples have a claim group across outlets"
    missing = sorted(expected - set(measured))
    assert not missing, f"marks not in the rendered page: {missing}"
    empty = sorted(mark for mark in expected if min(measured[mark]) <= 0 and max(measured[mark]) <= 0)
    assert not empty, f"marks drawn with no size: {empty}"
    shapes = {mark.split("-")[1] for mark in expected} | {"hollow" for mark in expected if "-hollow-" in mark}
    assert len(shapes - {"hollow"}) >= 2 and "hollow" in shapes  # the purge group: exact, approximate, hedged
    assert all(max(size) > 0 for name, size in measured.items() if name.startswith("key-"))


def test_chromium_screenshot_of_the_page_is_not_blank(built, chromium, tmp_path):
    datasets, _ = built
    shot = tmp_path / "page.png"
    result = _chromium(f"--screenshot={shot}", (datasets / "current" / store.CURRENT_REPORT).resolve().as_uri(),
                       profile=tmp_path / "profile")
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    pixels = image.imread(shot)[..., :3]
    inked = (pixels.min(axis=2) < 0.9).mean()
    coloured = ((pixels.max(axis=2) - pixels.min(axis=2)) > 0.25).mean()   # the outlets' colours in a chart
    assert inked > 0.02, f"only {inked:.1%} of the screenshot is drawn"
    assert coloured > 0.001, "no coloured mark in the screenshot"


def test_no_two_labels_overlap_in_the_samples_charts(built):
    datasets, events = built
    release = str(events["release"].metadata["release"].value)
    data = gather.gather(gather.load_release(datasets, release), release)
    assert len(data.groups)
    for group in data.groups.itertuples(index=False):
        figure = charts.claim_figure(data.claims[data.claims["group_id"] == group.group_id], group.label,
                                     group.period_text, group.unit)
        assert charts.text_overlaps(figure) == [], group.label


def test_the_cli_makes_the_same_page_again(built, capsys):
    datasets, events = built
    release = str(events["release"].metadata["release"].value)
    page = store.report_path(datasets, release)
    before = page.read_bytes()
    assert main(["datasets", "--datasets", str(datasets), "report", "--release", release[:6]]) == 0
    assert str(page) in capsys.readouterr().out
    assert page.read_bytes() == before                 # the same tables give the same page


def test_the_report_alone_reports_the_current_release(built):
    datasets, _ = built
    result = dg.materialize([assets.report], resources=build_resources(datasets_dir=datasets),
                            instance=dg.DagsterInstance.ephemeral())
    metadata = result.asset_materializations_for_node("report")[0].metadata
    assert metadata["release"].value == store.current_release(datasets)
    assert metadata["path"].value == str(store.report_path(datasets, store.current_release(datasets)))


def test_the_report_alone_fails_clearly_without_a_release(tmp_path):
    result = dg.materialize([assets.report], resources=build_resources(datasets_dir=tmp_path / "empty"),
                            instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "no release" in str(failure.event_specific_data.error)


def test_the_samples_page_fetches_nothing(built):
    datasets, _ = built
    html = (datasets / "current" / store.CURRENT_REPORT).read_text(encoding="utf-8")
    assert not re.search(r"<script|<link|<img|<iframe|@import|@font-face", html)
    links = {link for link in re.findall(r'<a href="([^"]+)"', html) if not link.startswith("#")}
    urls = store.load(datasets, "documents")["url"].dropna()
    assert links and links <= set(urls)                   # the only links are the articles' own
    rest = re.sub(r'<a href="[^"]*"|xmlns(:xlink)?="http://www\.w3\.org/[^"]*"', "", html)
    assert not re.search(r"(https?:)?//[\w.-]+\.\w", rest)


def test_the_cli_says_when_there_is_no_release_to_report(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["datasets", "--datasets", str(tmp_path / "empty"), "report"]) != 0
    assert "no current release" in capsys.readouterr().err
