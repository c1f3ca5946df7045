"""The notebook display in a chosen language: Tensor.show(lang=...), default from the locale."""

import html
import re

import pytest

from chainrule.engine import Tensor, exp


def sigmoid() -> Tensor:
    s = Tensor(1.0, name="s")
    f = 1 / (1 + exp(-s))
    f.backward()
    return f


def page_in(frame: str) -> str:
    """The offline page inside the notebook's iframe (srcdoc, ASCII with character references)."""
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame)
    assert srcdoc
    return html.unescape(srcdoc[1])


@pytest.mark.parametrize(("lang", "title", "word"), [
    ("ko", "chainrule 계산 그래프", "값 (순전파)"), ("en", "chainrule graph", "value (forward)")])
def test_show_in_a_language(lang: str, title: str, word: str) -> None:
    frame = sigmoid().show(lang=lang)._repr_html_()
    assert frame.isascii()
    assert html.unescape(re.findall(r'title="([^"]*)"', frame)[-1]) == title
    page = page_in(frame)
    assert f'<html lang="{lang}"' in page and word in page


def test_the_default_follows_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "ko_KR.UTF-8")
    assert '<html lang="ko"' in page_in(sigmoid()._repr_html_())
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert '<html lang="en"' in page_in(sigmoid().show()._repr_html_())


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="chainrule speaks en, ko"):
        sigmoid().show(lang="fr")
