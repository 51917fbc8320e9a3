# The reports' words in English: the dashboard (templates/reports/dashboard.html,
# reports/ui/dashboard.rs) and the words its charts write (ui/charts.rs's Words). Every
# message here exists in every other language (ui::i18n's tests).

## The dashboard's page and its filters
dashboard-title = Dashboard
dashboard-filters = Period and filters
dashboard-from = From
dashboard-to = To
dashboard-team = Team
dashboard-organisation = Organisation
dashboard-kind = Kind
dashboard-any-team = Any team
dashboard-any-organisation = Any organisation
dashboard-any-kind = Any kind
dashboard-show = Show
dashboard-how-counted = Days are counted in { $zone }. Times are wall-clock time from when a ticket was filed, not business hours.
dashboard-data = Data
dashboard-nobody-working = Nobody has open or resolved tickets in this period.

## The charts' titles (and the panels' headings)
dashboard-backlog-priority = Open backlog by priority
dashboard-backlog-team = Open backlog by team
dashboard-backlog-age = Age of the open backlog
dashboard-flow = Created vs resolved per day
dashboard-response = Time to first response
dashboard-resolution = Time to resolve
dashboard-sla = SLA compliance
dashboard-sla-priority = SLA compliance by priority
dashboard-reopen = Reopen rate
dashboard-workload = Agent workload

## Counts beside the headings and in the points' tooltips
dashboard-open-count = { $count } open
dashboard-unassigned-count = { $count } unassigned
dashboard-created-count = { $count } created
dashboard-resolved-count = { $count } resolved

## Rows, bars, legends and the data tables' columns
dashboard-priority = Priority
dashboard-open = Open
dashboard-total = Total
dashboard-no-team = No team
dashboard-all = All
dashboard-open-for = Open for
dashboard-tickets = Tickets
dashboard-day = Day
dashboard-created = Created
dashboard-resolved = Resolved
dashboard-resolved-in-period = Resolved in the period
dashboard-mean = Mean
dashboard-median = Median
dashboard-no-sla = No SLA
dashboard-with-sla = With SLA
dashboard-met = Met
dashboard-breached = Breached
dashboard-share-met = Share met
dashboard-reopened = Reopened
dashboard-agent = Agent

## The age bands of the open backlog
dashboard-age-under = < { $count ->
    [one] 1 day
   *[other] { $count } days
}
dashboard-age-between = { $from }-{ $to } days
dashboard-age-over = > { $count ->
    [one] 1 day
   *[other] { $count } days
}

## A day under the flow's axis and in its tooltips ($month 1 to 12)
dashboard-date = { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
} { $day }

## The charts' text alternatives and the meters' details
dashboard-flow-desc = { $created ->
    [one] 1 ticket
   *[other] { $created } tickets
} created and { $resolved } resolved over { $days ->
    [one] 1 day
   *[other] { $days } days
}.
dashboard-flow-desc-busiest = { $created ->
    [one] 1 ticket
   *[other] { $created } tickets
} created and { $resolved } resolved over { $days ->
    [one] 1 day
   *[other] { $days } days
}; most created on { $date } ({ $most }).
dashboard-sla-detail = { $met } of { $decided ->
    [one] 1 resolved ticket
   *[other] { $decided } resolved tickets
} with an SLA met it; { $without } without an SLA left out
dashboard-reopen-detail = { $reopened } of { $resolved ->
    [one] 1 resolved ticket
   *[other] { $resolved } resolved tickets
} had been reopened

## Customer satisfaction (the satisfaction survey's answers)
dashboard-csat = Customer satisfaction (CSAT)
dashboard-csat-how = CSAT is the share of survey answers rated 4 or 5 out of 5, counted by when the requester answered.
dashboard-csat-team = CSAT by team
dashboard-csat-agent = CSAT by agent
dashboard-csat-category = CSAT by category
dashboard-csat-month = CSAT by month
dashboard-csat-satisfied = Rated 4 or 5
dashboard-csat-short = CSAT
dashboard-answers = Answers
dashboard-answers-count = { $count ->
    [one] 1 answer
   *[other] { $count } answers
}
dashboard-mean-rating = Mean rating
dashboard-category = Category
dashboard-month-heading = Month
dashboard-unassigned = Unassigned
dashboard-no-category = No category
dashboard-csat-detail = { $satisfied } of { $answers ->
    [one] 1 answer
   *[other] { $answers } answers
} rated 4 or 5; mean rating { $mean }
dashboard-month = { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
} { $year }

## Self-service: the knowledge base, the catalog's requests and their approvals
dashboard-self-service = Self-service
dashboard-self-service-how = Counted in the period: article views and "was this helpful?" answers of the people counted, on the articles you may read; catalog requests and approvals by the requester's organisation. The team and kind filters apply to tickets only.
dashboard-deflections-count = { $count ->
    [one] 1 ticket avoided
   *[other] { $count } tickets avoided
}
dashboard-views-count = { $count ->
    [one] 1 article view
   *[other] { $count } article views
}
dashboard-helpful-share = Articles found helpful
dashboard-helpful-detail = { $helpful } of { $answers ->
    [one] 1 answer
   *[other] { $answers } answers
} said the article helped
dashboard-deflection-how = A ticket avoided (deflection) is an article opened from the new-ticket form's suggestions by someone who then filed no ticket within 30 minutes.
dashboard-top-articles = Most viewed articles
dashboard-requests-item = Catalog requests by item
dashboard-approval-steps = Approval time per step
dashboard-fulfilment = Fulfilment time per item
dashboard-article = Article
dashboard-views = Views
dashboard-deflections = Tickets avoided
dashboard-helpful = Helpful
dashboard-not-helpful = Not helpful
dashboard-item = Item
dashboard-ordered = Ordered
dashboard-approved = Approved
dashboard-rejected = Rejected
dashboard-delivered = Delivered
dashboard-step = Step
dashboard-decisions = Decisions
dashboard-chain-step = { $chain }: { $position }. { $step }

## What charts write themselves (ui/charts.rs's Words)
chart-no-data = No data.
chart-no-share = no data
chart-open-list = open the list
chart-minutes = min
chart-hours = h
chart-days = d
chart-decimal = { "." }
