"""README.md is generated from nbs/index.ipynb (nbdev_readme needs Quarto, which these machines lack).

`python .ci/readme.py` rewrites README.md; `check()` returns 1 (with a message) when README.md is out of date."""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def render(nb_path=ROOT/'nbs'/'index.ipynb') -> str:
    "Markdown of the index notebook: its markdown cells, and its unhidden code cells as Python blocks"
    cells = json.loads(nb_path.read_text(encoding='utf-8'))['cells']
    out = []
    for c in cells:
        src = ''.join(c['source']).strip()
        if not src or src.startswith('#| hide'): continue
        if c['cell_type'] == 'markdown':     # links to other notebooks and images are relative to nbs/; the README sits one level up
            src = re.sub(r'\]\((?!https?:|#|/)([^)\s]+\.(?:ipynb|png|jpg|svg))\)', r'](nbs/\1)', src)
        out.append(src if c['cell_type'] == 'markdown' else f"```python\n{src}\n```")
    return '<!-- Generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, then run `make readme`. -->\n\n' + '\n\n'.join(out) + '\n'

def check() -> int:
    if (ROOT/'README.md').read_text(encoding='utf-8') != render():
        print("README.md is out of step with nbs/index.ipynb: run 'make readme' and commit"); return 1
    return 0

if __name__ == '__main__':
    (ROOT/'README.md').write_text(render(), encoding='utf-8'); print('wrote README.md')
