"""Every file format referralgraph reads or writes, reader and writer side by side.

- :mod:`~referralgraph.readwrite.tables`: the network's own formats, a folder of CSV files or
  one .xlsx workbook (``load``, ``from_frames``, ``validate``, ``save``);
- :mod:`~referralgraph.readwrite.graphs`: node-link JSON, GraphML and GEXF for other tools;
- :mod:`~referralgraph.readwrite.linkedin`: LinkedIn's data export;
- :mod:`~referralgraph.readwrite.log`: logging a conversation, an introduction or a thank-you
  on a network (a new network); :mod:`~referralgraph.readwrite.append`: the same row appended
  to the files;
- :mod:`~referralgraph.readwrite.ics`: the to-do list as an iCalendar file;
- :mod:`~referralgraph.readwrite.contacts`: address books (Google, Outlook, vCard) and LinkedIn's Invitations.csv;
- :mod:`~referralgraph.readwrite.history`: past meetings, thank-yous and touches from calendar and mail exports;
- :mod:`~referralgraph.readwrite.pool`: imports into an existing network (the connections pool, dry runs, undo);
- :mod:`~referralgraph.readwrite.templates`: empty input templates;
- :mod:`~referralgraph.readwrite.files`: the atomic writer every output goes through.
"""

from .append import append_introduction, append_meeting, append_thanks
from .ics import actions_to_ics, ics_uid
from .opportunity_log import append_opportunity, log_opportunity
from .combine import combine
from .contacts import CONTACT_FORMATS, contacts_format, import_contacts, merge_contacts, read_contacts
from .graphs import to_node_link, write_gexf, write_graphml, write_json
from .linkedin import from_linkedin, merge_linkedin, read_linkedin
from .log import log_introduction, log_meeting, log_thanks
from .pool import import_linkedin, read_pool, undo_import
from .tables import FORMATS, from_frames, load, save, validate
from .templates import write_template
from .history import import_history, merge_history, read_history

__all__ = [
    "load",
    "from_frames",
    "validate",
    "save",
    "FORMATS",
    "read_linkedin",
    "merge_linkedin",
    "from_linkedin",
    "to_node_link",
    "write_json",
    "write_graphml",
    "write_gexf",
    "write_template",
    "log_meeting",
    "log_introduction",
    "log_thanks",
    "append_meeting",
    "append_introduction",
    "append_thanks",
    "log_opportunity",
    "append_opportunity",
    "combine",
    "actions_to_ics",
    "ics_uid",
    "contacts_format",
    "read_contacts",
    "merge_contacts",
    "import_contacts",
    "CONTACT_FORMATS",
    "read_history",
    "merge_history",
    "import_history",
    "import_linkedin",
    "read_pool",
    "undo_import",
]
