"""Write routes of each feature area, merged into tests/test_security_urlmap.py.

A module here defines, for its own routes:
- ``ROUTES``: endpoint -> ``Route`` (see tests/test_security_urlmap.py), whose ``allowed`` is
  "member", "staff", "claimant", "anyone-signed-in" or the name of a scene attribute holding
  the user who may post;
- ``PUBLIC``: endpoint -> why anonymous visitors may post;
- optionally ``extend_scene(s)``: adds the objects its routes act on to the shared scene
  (``s.org`` is the target organisation, ``s.member`` its member, ``s.outsider`` a member of
  another one, ``s.staff`` a moderator);
- optionally ``fingerprint()``: a tuple of what a refused request must leave unchanged
  (row counts of every table are always compared).
"""

import importlib
import pkgutil


def area_modules():
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
