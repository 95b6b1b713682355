"""The site in more than one language: which pages translate which, and the language switch.

Pages are translated by a suffix ("patients/hiit.ja.md" beside "patients/hiit.md"); mkdocs-static-i18n
builds each language under its own folder ("ja/patients/hiit/").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from myositis_evidence.dataset.languages import DEFAULT_LANGUAGE, LANGUAGES, page_language


def translations(src_uri: str, url: str, canonical_url: str, docs_dir: Path) -> list[tuple[str, str]]:
    """The page and its translation as (language, absolute address), for hreflang links; none without one.

    Search engines want absolute addresses, and a page only names its own translations (the language switch
    in the header is a different thing: it leads to each language's home page). Only published builds carry
    them: Material fetches the site map beside each one, which a local server could not reach.
    """
    if not canonical_url.startswith(("http://", "https://")) or not canonical_url.endswith(url):
        return []
    root = canonical_url[: len(canonical_url) - len(url)]
    language = page_language(src_uri)
    stem = src_uri.removesuffix(".md").removesuffix(f".{language}")
    addresses = {DEFAULT_LANGUAGE: url if language == DEFAULT_LANGUAGE else url.removeprefix(f"{language}/")}
    for other in LANGUAGES:
        if other != DEFAULT_LANGUAGE:
            addresses[other] = f"{other}/{addresses[DEFAULT_LANGUAGE]}"
    sources = {
        other: f"{stem}.md" if other == DEFAULT_LANGUAGE else f"{stem}.{other}.md" for other in LANGUAGES
    }
    present = [other for other in LANGUAGES if (docs_dir / sources[other]).is_file()]
    return [(other, root + addresses[other]) for other in present] if len(present) > 1 else []


def relative_language_links(alternates: list[dict[str, str]]) -> None:
    """Make the language switch lead to the same page in the other language, or else to that language's
    home page, by addresses relative to the site.

    mkdocs-static-i18n sets a page's translation by its address relative to the site ("ja/patients/hiit/"),
    which is right, and every other link to the language's root as an absolute path under site_url, which is
    wrong in a versioned release (X.Y/) and on a local server: those become the root relative to the site.
    """
    for alternate in alternates:
        link, language = alternate["link"], alternate["lang"]
        if not link or link == "." or link.startswith(("/", "http://", "https://")):
            alternate["link"] = "." if language == DEFAULT_LANGUAGE else f"{language}/"


def language_sitemaps(site: Path) -> dict[str, bytes]:
    """A copy of the site map for each translation's folder (by path under site), which the switch reads."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return {}
    content = sitemap.read_bytes()
    return {
        f"{language}/sitemap.xml": content
        for language in LANGUAGES
        if language != DEFAULT_LANGUAGE and (site / language).is_dir()
    }


# ---- interface text --------------------------------------------------------------------------------------
# What the site itself writes around a page (the citation box, the build line), per language. Material's own
# strings follow `theme.language`, which mkdocs-static-i18n sets for each language; the palette toggle's names
# are set per language in mkdocs.yml, and the page footer and error page are written in overrides/.


@dataclass(frozen=True)
class InterfaceText:
    """One language's wording for the 'Cite this page' box and the version line of every page."""

    cite_summary: str
    style_label: str  # "{style}" is a citation style's name: APA, Vancouver or AMA
    # Why the citations stay in English on a page in another language (empty in English): the styles are
    # English-language ones, written to be pasted into a reference list.
    citation_language: str
    download: str
    cite_one_finding: str
    cite_original: str
    accessed_note: str  # "{date}" is the access date the citations carry (YYYY-MM-DD)
    accessed_today_note: str  # shown instead once assets/cite.js has put the reader's date in
    newest_address: str  # before the page's address in latest/, in a release's cite box
    finding_addresses: str  # before the list of a patient page's findings with their own addresses
    cite_result: str  # the 'Cite this result' box under each table and chart
    result_address: str
    result_newest_address: str
    result_shows: str
    result_json: str
    result_csl: str
    result_save_note: str  # before the result's citation files: a browser's save button loses the #id
    version: str  # "{version}" is the release, e.g. 1.2
    development_build: str


INTERFACE = {
    "en": InterfaceText(
        cite_summary="Cite this page",
        style_label="{style}:",
        citation_language="",
        download="Download:",
        cite_one_finding=(
            "To cite or link to one finding, add its anchor to the address: the id of a table or chart "
            "(shown after # when you follow its link), or on a page for patients the finding's own, listed in "
            "this box."
        ),
        cite_original="Please cite the original study as well:",
        accessed_note=(
            "The access date in these citations ({date}) is the date of this version: change it to the day "
            "you read the page."
        ),
        accessed_today_note=(
            "The access date in these citations, and in the files below, is today's date as your device "
            "gives it."
        ),
        newest_address=(
            "The address in these citations keeps this version's numbers. To link to the current numbers (from "
            "patient material or print, for example), use the address that always shows the newest version:"
        ),
        finding_addresses="Each finding on this page has its own address, for a link to exactly that finding:",
        cite_result="Cite this result",
        result_address="Address of this result in this version:",
        result_newest_address="Address of this result in the newest version (for links that should stay current):",
        result_shows="It shows:",
        result_json="This result's record: value, address and provenance (JSON)",
        result_csl="Citation of this result for a reference manager (CSL-JSON)",
        result_save_note=(
            "A browser's save button (Zotero, Mendeley) saves the whole page, without this result's address: "
            "to cite this result, import one of these files."
        ),
        version="version {version}",
        development_build="development build (unreleased)",
    ),
    "ja": InterfaceText(
        cite_summary="このページを引用する",
        style_label="英語の引用形式（{style}）：",
        citation_language=(
            "次の引用文は、文献リストに貼り付けて使う英語の引用形式（APA、Vancouver、AMA）で書いてあるため、"
            "英語のままです。"
        ),
        download="ダウンロード：",
        cite_one_finding=(
            "一つの結果を引用したりリンクしたりするときは、表や図ならリンクをたどったときにアドレスの # の後ろに"
            "表示される名前を、患者さん向けのページならこの欄にある結果ごとのアドレスを使ってください。"
        ),
        cite_original="元の研究もあわせて引用してください：",
        accessed_note=(
            "引用に入っている閲覧日（{date}）は、この版の日付です。実際にページを読んだ日に書き換えてください。"
        ),
        accessed_today_note="この引用と下のファイルに入っている閲覧日は、お使いの端末が示す今日の日付です。",
        newest_address=(
            "引用に入っているアドレスは、この版の数値を示します。最新の数値へリンクするとき（患者さん向けの資料や"
            "印刷物など）は、いつも最新の版を示す次のアドレスを使ってください："
        ),
        finding_addresses="このページの結果には、それぞれ専用のアドレスがあります（その結果だけにリンクするとき）：",
        cite_result="この結果を引用する",
        result_address="この版でのこの結果のアドレス：",
        result_newest_address="最新の版でのこの結果のアドレス（いつも最新を示すリンク用）：",
        result_shows="内容：",
        result_json="この結果の記録：値、アドレス、出所（JSON）",
        result_csl="文献管理ソフト用のこの結果の引用（CSL-JSON）",
        result_save_note=(
            "ブラウザの保存ボタン（Zotero、Mendeley）はページ全体を保存し、この結果のアドレスは入りません。"
            "この結果を引用するときは、次のファイルのどれかを読み込んでください。"
        ),
        version="バージョン {version}",
        development_build="開発版（未公開）",
    ),
}


def interface_text(language: str) -> InterfaceText:
    """The interface wording for a page's language; a KeyError naming it when the site has none for it."""
    if language not in INTERFACE:
        raise KeyError(f"no interface wording for language '{language}': add it to INTERFACE in site/i18n.py")
    return INTERFACE[language]
