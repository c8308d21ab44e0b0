"""Contact list definitions (lists/lists.yml) and rule tags (seeds/tag_rules.csv), validated and written as
Parquet rows for dbt. A bad definition fails this step with a message naming the list and the filter."""

import dagster as dg

from orchestration.landing import layout
from orchestration.lists import conditions_frame, definitions_frame, load_lists
from orchestration.lists.tag_rules import load_tag_rules
from orchestration.resources import WarehouseResource

DEFINITIONS = "list_definitions"
CONDITIONS = "list_conditions"


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["raw", DEFINITIONS], group_name="lists", description="Lists and rule tags."),
        dg.AssetSpec(["raw", CONDITIONS], group_name="lists", description="Their filter conditions."),
    ],
)
def list_definitions(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    lists = load_lists(warehouse.lists) + load_tag_rules()
    definitions, conditions = definitions_frame(lists), conditions_frame(lists)
    layout.write_atomically(definitions, layout.derived_table(warehouse.raw, DEFINITIONS))
    layout.write_atomically(conditions, layout.derived_table(warehouse.raw, CONDITIONS))
    context.log.info(f"{definitions.height} lists and rule tags, {conditions.height} condition values")
    yield dg.MaterializeResult(asset_key=["raw", DEFINITIONS], metadata={"lists": definitions.height})
    yield dg.MaterializeResult(
        asset_key=["raw", CONDITIONS], metadata={"condition_values": conditions.height}
    )
