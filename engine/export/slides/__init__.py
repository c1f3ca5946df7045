"""Slides: a graph as a PowerPoint or PDF deck, one slide per step (docs/api.md "GET /slides").

make.py is the job (the document built, the steps chosen, the deck drawn); view.py runs the
page's own layout and marks (static/js/share/deck.js) in QuickJS; graph.py and pages.py turn them
into the shapes of shapes.py; to_pptx.py and to_pdf.py write those with python-pptx and fpdf2."""
