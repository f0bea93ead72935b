"""Run the notebooks' tests as `nbdev_test` does, and count test cells, not notebooks.

A *test cell* is a code cell that checks something: it calls one of fastcore.test's `test_*` functions or `assert`s.
Each is counted as passed, failed, skipped (its flag, e.g. `slow`, is not enabled, or it printed SKIPPED because a
browser is missing), or not run (an earlier cell of its notebook failed, which stops that notebook, as in nbdev_test).

    python .ci/test_cells.py [--flags "browser slow"] [--path nbs/04_recommend.ipynb ...] [--workers 2]
"""
import argparse, os, re, sys, time
from collections import Counter
from pathlib import Path

TEST_CALL = re.compile(r'^\s*(?:[\w.]+\s*=\s*)?(?:test_\w+\(|assert\b)|\btest_(?:eq|ne|fail|close|is|shuffled|stdout|warns|eq_type|sig)\(', re.M)

def is_test(src:str)->bool:
    "Does this code cell check something?"
    return not src.lstrip().startswith('#| export') and bool(TEST_CALL.search(src))

def run_notebook(fn:Path, skip_flags:set, basepath:str):
    "Run one notebook; return (name, Counter of outcomes, seconds, error text or '')"
    from execnb.shell import CaptureShell
    from nbdev.process import NBProcessor
    from nbdev.frontmatter import FrontmatterProc
    from fastcore.xtras import working_directory
    sys.path.insert(0, basepath); os.environ['IN_TEST'] = '1'
    nb = NBProcessor(fn, procs=FrontmatterProc, process=True).nb
    counts, started = Counter(), []
    def pre(cell):
        if cell.cell_type != 'code' or 'nbdev_export' + '(' in cell.source: return True
        direc = getattr(cell, 'directives_', {}) or {}
        skip = bool(skip_flags & direc.keys()) or direc.get('eval:', [''])[0].lower() == 'false'
        if skip and is_test(cell.source): counts['skipped'] += 1
        if not skip: started.append(cell)
        return skip
    def post(cell):
        if not is_test(cell.source) or shell.exc: return
        out = ''.join(o.get('text', '') if isinstance(o.get('text', ''), str) else ''.join(o['text']) for o in cell.get('outputs', []))
        counts['skipped' if 'SKIPPED' in out else 'passed'] += 1
    shell, err, start = CaptureShell(fn), '', time.time()
    try:
        with working_directory(fn.parent): shell.run_all(nb, exc_stop=True, preproc=pre, postproc=post)
    except BaseException:
        err = shell.prettytb(fname=fn)
        bad = started[-1] if started else None
        counts['failed'] += 1
        after = nb.cells[nb.cells.index(bad) + 1:] if bad is not None else []
        counts['not run'] += sum(1 for c in after if c.cell_type == 'code' and is_test(c.source))
    return fn.name, counts, time.time() - start, err

def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--flags', default='', help='space-separated test flags to run (settings.ini tst_flags are skipped otherwise)')
    ap.add_argument('--path', nargs='*', default=None, help='notebooks to run (default: every nbs/*.ipynb not starting with _)')
    ap.add_argument('--workers', type=int, default=min(os.cpu_count() or 1, 8))
    a = ap.parse_args(argv)
    from nbdev.config import get_config
    from fastcore.parallel import parallel
    cfg = get_config()
    skip = set(cfg.tst_flags.split()) - set(a.flags.split())
    files = [Path(f).absolute() for f in a.path] if a.path else sorted(p.absolute() for p in Path(cfg.nbs_path).glob('*.ipynb') if not p.name.startswith('_'))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import test_cells                                   # by module name: a notebook run in a worker replaces its __main__
    import shutil, tempfile
    scratch = tempfile.mkdtemp(prefix='songrec-tests-')  # every temporary file the notebooks and their subprocesses make, removed at the end:
    os.environ['TMPDIR'] = tempfile.tempdir = scratch     # left in /tmp, a hundred runs filled a 250 GB disk (62 GB of catalogue copies and histories)
    try: res = parallel(test_cells.run_notebook, files, skip_flags=skip, basepath=str(cfg.config_path), n_workers=a.workers if len(files) > 1 else 0, pause=0.01)
    finally: shutil.rmtree(scratch, ignore_errors=True)
    total = Counter()
    for name, c, secs, err in sorted(res, key=lambda r: -r[2]):
        total += c
        print(f"{name}: {int(secs)} s, {c['passed']} passed" + ''.join(f", {c[k]} {k}" for k in ('failed', 'not run', 'skipped') if c[k]))
        if err: sys.stderr.write(err + '\n')
    run = total['passed'] + total['failed']
    print(f"tests: {run} test cells run in {len(files)} notebooks: {total['passed']} passed, {total['failed']} failed, "
          f"{total['not run']} not run after a failure, {total['skipped']} skipped (flags not enabled: {' '.join(sorted(skip)) or 'none'})")
    return 1 if total['failed'] else 0

if __name__ == '__main__': sys.exit(main())
