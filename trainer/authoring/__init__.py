"""The authoring studio's core: everything the Author page does, without Qt.

* :mod:`document` — the editor's text through the same checker as ``trainer validate``;
* :mod:`outline` — which node or ending each line belongs to;
* :mod:`branch_map`, :mod:`layout`, :mod:`svg` — the map: its content, its
  layered layout (grandalf) and an SVG export;
* :mod:`start_states` — meters and flags on the best or shortest way to a node;
* :mod:`new_scenario` — a new file from a template that passes the checker;
* :mod:`files`, :mod:`workspace` — saving safely, autosave, and copies of
  bundled scenarios.
"""
