{{ config(materialized=published_view()) }}
-- Lead score history for analysts: a person's score on any day D is the row with valid_from <= D and
-- (valid_to > D or valid_to is null). Stored compactly (one row per change) and kept incrementally in
-- int_lead_scores_historized.
select
    contact_id,
    valid_from,
    valid_to,
    score,
    score_change,
    reason
from {{ ref('int_lead_scores_historized') }}
