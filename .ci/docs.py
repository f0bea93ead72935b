#!/usr/bin/env python
"""Build the documentation site offline, without Quarto: `make docs`.

1. nbdev's own processor (`nbdev.serve.proc_nbs`, without `nbdev_proc_nbs`'s Quarto install and pip side effects)
   turns nbs/ into _proc/: show_doc cells added and rendered, doclinks, cell options.
2. A small clean-up of Quarto-only syntax: the front matter becomes the page title, `#|` directives are applied
   (hidden cells dropped, `echo: false` cells shown without their code), `{target=...}` link attributes are removed,
   show_doc cells become the markdown they render, and nbdev's absolute doc links become relative links.
3. mkdocs-material with mkdocs-jupyter renders _docs_build/docs into _docs/: a static site with search and
   no network requests at view time (no CDN fonts or scripts).

usage: python .ci/docs.py [--out DIR]
"""
import argparse, json, os, re, shutil, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT/'_docs_build'

# page order in the navigation: (section, [notebook stems]); notebooks not listed go to the end of "Chapters"
NAV = [('Home', ['index']),
       ('Guides', ['tutorial', 'your_history', 'how_it_works', 'quality', 'reliability', 'performance', 'scale', 'cli_reference']),
       ('Chapters', ['00_data', '00a_store', '00b_fields', '00c_demo', '00d_layouts', '01a_genius', '01_lyrics', '02_autoencoder',
                     '03_visualize', '04_recommend', '05_widgets', '06_evaluate', '07_listen', '08_bench', '09_cli', '10_docs',
                     '11_reliability', '11a_app_load', '90_testing'])]

def settings()->dict:
    import configparser
    c = configparser.ConfigParser(delimiters=['=']); c.read(ROOT/'settings.ini')
    return dict(c['DEFAULT'])

def process()->Path:
    "Run nbdev's notebook processor; the _proc folder"
    os.chdir(ROOT)
    from nbdev.serve import proc_nbs
    proc = Path(proc_nbs(n_workers=2))
    for p in proc.glob('*.ipynb'):                     # a notebook renamed or removed since the last build leaves its copy here
        if not (ROOT/'nbs'/p.name).exists(): p.unlink()
    return proc

FRONT = re.compile(r'^---\s*\n(.*?)\n---\s*$', re.S)
TARGET = re.compile(r'\{\s*target="?_blank"?[^}]*\}')

def _directives(src:str)->tuple[dict, str]:
    "Quarto cell options (`#| key: value` lines at the top) and the source without them"
    opts, lines = {}, src.splitlines()
    while lines and lines[0].startswith('#|'):
        k, _, v = lines.pop(0)[2:].strip().partition(':')
        opts[k.strip()] = v.strip() or True
    return opts, '\n'.join(lines)

def _page_names(stems)->dict:
    "nbdev's page names (the notebook name without its number prefix, as in its doc links) to this site's page stems"
    out = {s: s for s in stems}
    for s in stems: out.setdefault(re.sub(r'^\d+[a-z]?_', '', s), s)
    return out

DOCUMENTED = set()      # heading ids of every show_doc entry, filled by `build` before the notebooks are cleaned

def _slug(name:str)->str: return re.sub(r'[^\w\-]', '', name.lower())

def _anchor(frag:str)->str:
    "nbdev's anchor ('#store.writing') as mkdocs' heading id; a method without an entry of its own points at its class"
    if not frag: return ''
    name = frag[1:]
    for cand in (name, name.rsplit('.', 1)[0]):
        if _slug(cand) in DOCUMENTED: return '#' + _slug(cand)
    return ''

def _doc_url_fix(text:str, base:str, pages:dict)->str:
    "nbdev's absolute doc links (https://host/baseurl/page.html#x) to relative ones when the page is part of this site"
    def sub(m):
        page, frag = m.group(1), _anchor(m.group(2) or '')    # mkdocs' heading ids drop the dots nbdev's anchors keep
        return f'{pages[page]}.html{frag}' if page in pages else m.group(0)
    text = re.sub(re.escape(base.rstrip('/')) + r'/([\w\-]+)\.html(#[\w\-\.]+)?', sub, text)
    def nb_link(m):                                                      # [x](other.ipynb#y): Quarto renames these, mkdocs does not
        return f'({pages[m.group(1)]}.html{m.group(2) or ""})' if m.group(1) in pages else m.group(0)
    return re.sub(r'\(([\w\-]+)\.ipynb(#[\w\-]+)?\)', nb_link, text)

def clean_notebook(src:Path, dst:Path, base:str, pages:set):
    "Quarto-only syntax out, show_doc output in; writes the notebook mkdocs-jupyter renders"
    nb = json.loads(src.read_text())
    cells = []
    for c in nb['cells']:
        s = ''.join(c['source'])
        if c['cell_type'] == 'raw':
            m = FRONT.match(s.strip())
            if m:                                                      # front matter -> title and description
                import yaml
                meta = yaml.safe_load(m.group(1)) or {}
                md = f"# {meta.get('title', src.stem)}\n" + (f"\n> {meta['description']}\n" if meta.get('description') else '')
                cells.append({'cell_type': 'markdown', 'metadata': {}, 'source': md})
            continue
        if c['cell_type'] == 'markdown':
            c['source'] = _doc_url_fix(TARGET.sub('', s), base, pages); cells.append(c); continue
        opts, code = _directives(s)
        if opts.get('include') == 'false' or 'hide' in opts or opts.get('echo') == 'false' and opts.get('output') == 'false': continue
        if 'export' in opts or 'exports' in opts: opts.pop('echo', None)
        mds = [o['data']['text/markdown'] for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {})]
        if 'show_doc(' in code and mds:                                # an API entry: its rendered markdown
            md = ''.join(x if isinstance(x, str) else ''.join(x) for x in mds)
            cells.append({'cell_type': 'markdown', 'metadata': {}, 'source': _doc_url_fix(TARGET.sub('', md), base, pages)}); continue
        if opts.get('output') == 'false': c['outputs'] = []
        c['source'] = code
        tags = c.setdefault('metadata', {}).setdefault('tags', [])
        if opts.get('echo') == 'false': tags.append('hide-input')
        if not code.strip() and not c.get('outputs'): continue
        cells.append(c)
    nb['cells'] = cells
    nb['metadata'].pop('widgets', None)        # saved widget state makes nbconvert load the widget manager from a CDN
    for c in cells:                            # widget views show their text form instead
        for o in c.get('outputs', []):
            o.get('data', {}).pop('application/vnd.jupyter.widget-view+json', None)
    dst.write_text(json.dumps(nb))

MKDOCS = """site_name: songrec
site_description: {description}
site_dir: {out}
docs_dir: docs
use_directory_urls: false
theme:
  name: material
  font: false
  palette:
    primary: indigo
    accent: deep orange
  features: [navigation.sections, navigation.top, navigation.footer, search.highlight, content.code.copy, toc.follow]
plugins:
  - search
  - mkdocs-jupyter:
      include: ["*.ipynb"]
      execute: false
      include_requirejs: false
      remove_tag_config:
        remove_input_tags: [hide-input]
markdown_extensions: [tables, admonition, attr_list, md_in_html, {{toc: {{permalink: true}}}}]
extra_css: [styles.css]
nav:
{nav}
"""

def build(out:Path)->dict:
    t0 = time.perf_counter()
    proc = process()
    t1 = time.perf_counter()
    cfg = settings()
    base = cfg['doc_host'].replace('%(user)s', cfg['user']) + cfg['doc_baseurl'].replace('%(repo)s', cfg['repo'])
    docs = BUILD/'docs'
    shutil.rmtree(BUILD, ignore_errors=True); docs.mkdir(parents=True)
    nbs = {p.stem: p for p in sorted(proc.glob('*.ipynb')) if not p.name.startswith('_')}
    for p in nbs.values():                             # the API entries' headings, for the anchors of doc links
        for c in json.loads(p.read_text())['cells']:
            for o in c.get('outputs', []):
                md = o.get('data', {}).get('text/markdown')
                if md: DOCUMENTED.update(_slug(h) for h in re.findall(r'^#+\s+(\S+)', ''.join(md), re.M))
    for stem, p in nbs.items(): clean_notebook(p, docs/p.name, base, _page_names(nbs))
    for d in ('images',):
        if (ROOT/'nbs'/d).exists(): shutil.copytree(ROOT/'nbs'/d, docs/d)
    shutil.copy(ROOT/'nbs'/'styles.css', docs/'styles.css')
    listed = [s for _, stems in NAV for s in stems]
    nav = [(sec, [s for s in stems if s in nbs] + ([s for s in nbs if s not in listed] if sec == 'Chapters' else [])) for sec, stems in NAV]
    titles = {s: _title(docs/f'{s}.ipynb') for s in nbs}
    lines = []
    for sec, stems in nav:
        if sec == 'Home': lines.append(f"  - Home: index.ipynb"); continue
        lines.append(f"  - {sec}:")
        lines += [f"    - {json.dumps(titles[s])}: {s}.ipynb" for s in stems]
    (BUILD/'mkdocs.yml').write_text(MKDOCS.format(description=json.dumps(cfg['description']), out=out, git_url=cfg['git_url'].replace('%(user)s', cfg['user']).replace('%(repo)s', cfg['repo']), nav='\n'.join(lines)))
    shutil.rmtree(out, ignore_errors=True)
    r = subprocess.run([sys.executable, '-m', 'mkdocs', 'build', '-q', '-f', str(BUILD/'mkdocs.yml')], capture_output=True, text=True,
                       cwd=BUILD)                    # mkdocs-jupyter keeps a .cache/ in the working directory
    if r.returncode: sys.exit(f"mkdocs build failed:\n{r.stderr[-4000:]}")
    for page in out.rglob('*.html'):                   # mkdocs-jupyter leaves an empty <script src=""> where require.js would go
        t = page.read_text()
        if '<script src=""></script>' in t: page.write_text(t.replace('<script src=""></script>', ''))
    t2 = time.perf_counter()
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob('*.html'))
    return {'out': str(out), 'pages': len(pages), 'notebooks': len(nbs), 'process s': round(t1 - t0, 1), 'render s': round(t2 - t1, 1), 'total s': round(t2 - t0, 1)}

def _title(p:Path)->str:
    for c in json.loads(p.read_text())['cells']:
        if c['cell_type'] == 'markdown':
            m = re.search(r'^#\s+(.+)$', ''.join(c['source']), re.M)
            if m: return m.group(1).strip()
    return p.stem

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(ROOT/'_docs'), help='site folder to write (default: _docs)')
    a = ap.parse_args()
    info = build(Path(a.out).resolve())
    print(json.dumps(info))
