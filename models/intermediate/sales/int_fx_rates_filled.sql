-- Units of each currency per 1 EUR for every month from fx_first_month to fx_last_month: the seed's rate, else
-- the nearest earlier month's, else the earliest month's (so history before the seed still converts).
with

months as (

    {{ month_spine(var('fx_first_month'), var('fx_last_month')) }}

),

rates as (

    select
        upper(currency) as currency,
        cast(rate_month as date) as rate_month,
        units_per_eur
    from {{ ref('fx_rates') }}

),

currency_months as (

    select
        currencies.currency,
        months.month_start
    from (select distinct currency from rates) as currencies
    cross join months

),

candidates as (

    select
        currency_months.currency,
        currency_months.month_start,
        rates.rate_month,
        rates.units_per_eur,
        row_number() over (
            partition by currency_months.currency, currency_months.month_start
            order by
                case when rates.rate_month <= currency_months.month_start then 0 else 1 end,
                case when rates.rate_month <= currency_months.month_start then rates.rate_month end desc,
                rates.rate_month
        ) as preference
    from currency_months
    inner join rates on currency_months.currency = rates.currency

)

select
    currency,
    month_start,
    units_per_eur,
    rate_month as rate_taken_from
from candidates
where preference = 1
