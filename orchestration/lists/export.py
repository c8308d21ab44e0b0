"""Writing a list's current members to CSV for a campaign tool."""

from pathlib import Path

import duckdb
import polars as pl

MEMBERS_SQL = """
select contacts.contact_id, contacts.email, contacts.first_name, contacts.last_name, contacts.company_name
from marts.list_memberships as memberships
inner join marts.dim_contacts as contacts on memberships.contact_id = contacts.contact_id
where memberships.list_name = ?
order by contacts.contact_id
"""


class UnknownListError(LookupError):
    pass


def export_list(warehouse: Path, list_name: str, out: Path) -> int:
    """Writes id, email, name and company of the list's members; returns how many."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        known = [
            row[0] for row in connection.execute("select list_name from marts.rpt_list_summary").fetchall()
        ]
        if list_name not in known:
            raise UnknownListError(
                f"no list {list_name!r} in {warehouse} (lists: {', '.join(sorted(known))})"
            )
        members = pl.from_arrow(connection.sql(MEMBERS_SQL, params=[list_name]).to_arrow_table())
    out.parent.mkdir(parents=True, exist_ok=True)
    members.write_csv(out)
    return members.height
