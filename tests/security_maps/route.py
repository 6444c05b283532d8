"""The description of one write route, shared by every area's map."""

from dataclasses import dataclass


@dataclass
class Route:
    #: scene -> (path, form fields)
    build: object
    #: Who may post (positive control): "member" of the target organisation, "staff",
    #: "claimant", "anyone-signed-in", or the name of a scene attribute holding a user.
    allowed: str
    #: Refusals accepted from a member of another organisation besides 403/404, and why.
    outsider_status: tuple[int, ...] = ()
