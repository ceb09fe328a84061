"""Who is playing: the names templates and conditions see.

Kept in a module of its own, with no imports, because the app needs it while
starting up and must not load the template engine or the models to get it.

Until an installation names its organisation, lines such as "Housing Options
reception, {{ organisation }}" read with a fictional council, which reads
naturally in dialogue; certificates never print this default.
"""

# Annotations evaluated, not postponed: typing compiles a named tuple's
# string annotations one by one as the app starts.
from typing import NamedTuple

DEFAULT_ORGANISATION = "Riverton City Council"


class Context(NamedTuple):
    """Who is playing, for templates and conditions."""

    trainee: str = "Trainee"
    organisation: str = DEFAULT_ORGANISATION
