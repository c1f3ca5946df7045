"""Slides (engine/export/slides): the gallery's graphs as PPTX and PDF decks, read back with
python-pptx and pdftotext — slide counts, the final step's numbers where the page shows them and
in its colours, native shapes, both languages and themes, practice's ? and answers."""

import subprocess
from pathlib import Path

import pytest
from pptx.oxml.ns import qn

from chainrule.engine.core.errors import LimitError, ValueErr
from chainrule.engine.document.build import build
from chainrule.engine.export.slides.colours import colours
from chainrule.engine.export.slides.make import chosen_steps, drawn_nodes, program_title, slides
from chainrule.engine.export.slides.view import deck_view
from tests.export.slides_helpers import pdf_pages, pictures, preset, slides_of, texts

SIGMOID = preset("cs231n-sigmoid-gates")
# CS231n's sigmoid neuron after the last step: each input edge's value and gradient
SIGMOID_EDGES = {"w0": ("2", "-0.20"), "x0": ("-1", "0.39"), "w1": ("-3", "-0.39"),
                 "x1": ("-2", "-0.59"), "w2": ("-3", "0.20")}
SIGMOID_STEPS = 22


@pytest.fixture(scope="module")
def sigmoid_pptx() -> bytes:
    return slides(SIGMOID, "pptx", "en")


def edge_of(source_name: str) -> str:
    document = build(SIGMOID)
    node = next(n["id"] for n in document["nodes"] if n["name"] == source_name)
    return next(e["id"] for e in document["edges"] if e["source"] == node)


def test_a_slide_per_step_after_the_title(sigmoid_pptx: bytes) -> None:
    deck = slides_of(sigmoid_pptx)
    assert len(deck) == 1 + SIGMOID_STEPS + 1  # the title, then 0 … 22 steps shown
    assert "f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))" in texts(deck[0])["title"][0]
    assert texts(deck[1])["progress"][0] == "start 0/22"
    assert texts(deck[-1])["progress"][0] == "backward 9/9"


def test_the_last_slide_shows_every_number_in_its_colour(sigmoid_pptx: bytes) -> None:
    shown = texts(slides_of(sigmoid_pptx)[-1])
    c = colours("light", "classic")
    for name, (value, grad) in SIGMOID_EDGES.items():
        edge = edge_of(name)
        assert shown[f"value {edge}"] == (value, c["fwd"])
        assert shown[f"grad {edge}"] == (grad, c["bwd"])
    assert shown["value __out"] == ("0.73", c["fwd"]) and shown["grad __out"] == ("1", c["bwd"])
    assert "∂f/∂w0 = ∂f/∂a · ∂a/∂w0 = 0.20 · (-1) = -0.20" in shown["caption"][0]


def test_numbers_appear_step_by_step(sigmoid_pptx: bytes) -> None:
    deck = slides_of(sigmoid_pptx)
    edge = edge_of("w0")
    assert texts(deck[1])[f"value {edge}"][0] == "?"  # nothing computed yet
    assert texts(deck[2])[f"value {edge}"][0] == "2"  # w0's forward step
    assert [texts(s)[f"grad {edge}"][0] for s in deck[-2:]] == ["?", "-0.20"]


def test_native_shapes_not_pictures(sigmoid_pptx: bytes) -> None:
    last = slides_of(sigmoid_pptx)[-1]
    assert pictures(sigmoid_pptx) == 0
    names = [shape.name for shape in last.shapes]
    assert sum(n.startswith("edge ") for n in names) == 13  # 12 edges and the output's
    assert sum(n.startswith("node ") for n in names) == 13
    edge = next(s for s in last.shapes if s.name.startswith("edge "))
    assert edge.line._get_or_add_ln().find(qn("a:tailEnd")).get("type") == "triangle"


def test_dark_colour_blind_korean() -> None:
    data = slides(SIGMOID, "pptx", "ko", theme="dark", palette="cb", steps="22")
    deck = slides_of(data)
    assert len(deck) == 2
    shown, c = texts(deck[1]), colours("dark", "cb")
    edge = edge_of("w0")
    assert shown[f"grad {edge}"] == ("-0.20", c["bwd"]) and c["bwd"] == "#e69f00"
    assert shown["progress"][0] == "역전파 9/9"
    assert shown["caption-head"][0] == "상류 기울기 × 국소적 미분"
    tree = deck[1].shapes._spTree  # every run names the Korean font, with Hangul's charset
    assert {(e.get("typeface"), e.get("charset")) for e in tree.iter(qn("a:ea"))} == {
        ("Malgun Gothic", "-127")}
    assert {e.get("typeface") for e in tree.iter(qn("a:latin"))} == {"Malgun Gothic"}


def test_pdf_in_korean(tmp_path: Path) -> None:
    data = slides(SIGMOID, "pdf", "ko")
    pages = pdf_pages(data, tmp_path)
    listed = subprocess.run(["pdffonts", str(tmp_path / "deck.pdf")], check=True,
                            capture_output=True, text=True).stdout.splitlines()[2:]
    assert {row.split()[0].split("+")[1] for row in listed} == {
        "DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono", "NanumGothic", "NanumGothicBold"}
    assert all(row.split()[-5] == "yes" for row in listed)  # every font embedded
    assert len(pages) == 1 + SIGMOID_STEPS + 1
    last = pages[-1]
    assert "역전파 9/9" in last and "상류 기울기 × 국소적 미분" in last
    for value, grad in SIGMOID_EDGES.values():
        assert value in last and grad in last
    assert "0.73" in last and "순전파 전의 그래프" in pages[1]


def test_practice_keeps_asked_numbers_back_and_answers_at_the_end(tmp_path: Path) -> None:
    edge = edge_of("w0")
    data = slides(SIGMOID, "pptx", "en", practice="grad", ask=(edge,))
    deck = slides_of(data)
    assert len(deck) == 1 + SIGMOID_STEPS + 1 + 1  # … and one answer slide
    assert all(texts(s)[f"grad {edge}"][0] == "?" for s in deck[1:-1])
    last_step = texts(deck[-2])
    assert last_step["caption"][0].endswith("= ?") and "-0.20" not in last_step["caption"][0]
    answers = texts(deck[-1])
    assert answers[f"answer grad {edge}"][0] == "∂f/∂w0 = -0.20"
    assert answers[f"grad {edge}"][0] == "-0.20"  # the graph whole on the answer slide
    pages = pdf_pages(slides(SIGMOID, "pdf", "ko", practice="grad"), tmp_path)
    assert "정답 (2/2)" in pages[-1] and "∂f/∂w0 = -0.20" in pages[-2] + pages[-1]  # 12 asked


def test_convolution_and_an_sgd_step(tmp_path: Path) -> None:
    conv = slides_of(slides(preset("conv-3x3-padding"), "pptx", "en", steps="0,12-13"))
    assert len(conv) == 4
    shapes = texts(conv[-1])
    assert any(text.startswith("[") and name.startswith("grad") for name, (text, _) in
               shapes.items())  # tensors show their first numbers, as the page's edges
    assert any(text == "3×3" for text, _ in shapes.values())
    sgd = {"name": "sgd", "lr": 0.1}
    steps = build(preset("sgd-step-sigmoid"), optimizer=sgd)["steps"]
    assert sum(step["phase"] == "update" for step in steps) == 5  # five parameters
    pages = pdf_pages(slides(preset("sgd-step-sigmoid"), "pdf", "en", optimizer=sgd), tmp_path)
    assert len(pages) == 1 + len(steps) + 1
    assert "update 5/5" in pages[-1] and "→ 2.02" in pages[-1]


def test_collapsed_groups_are_one_gate() -> None:
    source = preset("sigmoid-def")
    document = build(source)
    members = sum(node["group"] == "g0" for node in document["nodes"])
    assert members == 4 and drawn_nodes(document, {"g0"}) == len(document["nodes"]) - members + 1
    deck = slides_of(slides(source, "pptx", "en", collapsed=("g0",), steps="0"))
    names = [shape.name for shape in deck[1].shapes]
    assert "node g0" in names and sum(n.startswith("node ") for n in names) == drawn_nodes(
        document, {"g0"})


@pytest.mark.parametrize(("text", "last", "counts"), [
    ("", 3, [0, 1, 2, 3]), ("0-2,3", 3, [0, 1, 2, 3]), ("3,1-2,2", 3, [3, 1, 2]), (" 4 ", 9, [4]),
])
def test_steps_chosen(text: str, last: int, counts: list[int]) -> None:
    assert chosen_steps(text, last) == counts


@pytest.mark.parametrize(("text", "msgid"), [
    ("a", "err.slides.steps"), ("3-1", "err.slides.steps"), ("1,,2", "err.slides.steps"),
    ("-1", "err.slides.steps"), ("0-23", "err.slides.steps_range"),
    ("99", "err.slides.steps_range"),
])
def test_steps_refused(text: str, msgid: str) -> None:
    with pytest.raises(ValueErr) as e:
        chosen_steps(text, 22)
    assert e.value.msgid == msgid and e.value.text("en").startswith("steps=")


def test_too_big_for_a_slide() -> None:
    chain = "x = 1\n" + "".join(f"x{i} = {'x' if i == 0 else f'x{i - 1}'} * 2\n" for i in range(70))
    with pytest.raises(LimitError) as e:
        slides(chain, "pptx", "en")
    assert e.value.msgid == "err.limit.slides_nodes"
    wide = "x = 1\n" + "".join(f"x{i} = {'x' if i == 0 else f'x{i - 1}'} * 2\n" for i in range(40))
    with pytest.raises(LimitError) as e:
        slides(wide, "pdf", "en", steps="0")
    assert e.value.msgid == "err.limit.slides_small"


def test_a_program_is_named_by_its_comment_or_its_output() -> None:
    assert program_title("# The sigmoid neuron\nx = 1\nf = x * 2\n") == "The sigmoid neuron"
    assert program_title("x = 1\nf = x * 2\n") == "f = x * 2"


@pytest.mark.parametrize("key", ["cs231n-sigmoid-gates", "conv-3x3-padding", "sgd-step-sigmoid"])
@pytest.mark.parametrize(("lang", "theme"), [("en", "light"), ("ko", "dark")])
def test_the_issues_three_graphs_in_both_languages_and_themes(key: str, lang: str, theme: str,
                                                             tmp_path: Path) -> None:
    """Every number of the last step, where the page shows it: as its edge's text in its colour
    in the PPTX, and in the PDF's text."""
    source = preset(key)
    sgd = {"name": "sgd", "lr": 0.1} if key.startswith("sgd") else None
    document = build(source, optimizer=sgd)
    last = str(len(document["steps"]))
    view = deck_view(document, [int(last)], [], None, [])
    c = colours(theme, "classic")
    pptx = texts(slides_of(slides(source, "pptx", lang, theme=theme, steps=last,
                                  optimizer=sgd))[-1])
    words = pdf_pages(slides(source, "pdf", lang, theme=theme, steps=last, optimizer=sgd),
                      tmp_path)[-1]
    for edge in view["edges"]:
        assert pptx[f"value {edge['id']}"] == (edge["value"], c["fwd"])
        assert edge["value"] in words
        if edge["grad"] is not None:
            assert pptx[f"grad {edge['id']}"] == (edge["grad"], c["bwd"])
            assert edge["grad"] in words
