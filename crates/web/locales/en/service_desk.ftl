# The service desk's words in English: its administration pages (categories, routing,
# automation, service levels), canned responses, the new-ticket form, the reply box and
# the satisfaction survey, and the names of its values (service_desk::ui::labels). Every
# message here exists in every other language (ui::i18n's tests).

## The names of the service desk's values (service_desk/ui/labels.rs)
status-new = New
status-assigned = Assigned
status-in-progress = In progress
status-pending = Pending
status-resolved = Resolved
status-closed = Closed
status-cancelled = Cancelled
priority-1 = P1 Critical
priority-2 = P2 High
priority-3 = P3 Moderate
priority-4 = P4 Low
priority-5 = P5 Planning
impact-high = High
impact-medium = Medium
impact-low = Low
urgency-high = High
urgency-medium = Medium
urgency-low = Low
kind-incident = Incident
kind-service-request = Service request
routing-method-team = Team only
routing-method-round-robin = Round robin
routing-method-least-loaded = Least loaded
sla-clock-response = First response
sla-clock-resolution = Resolution
sla-state-running = On track
sla-state-warning = Due soon
sla-state-paused = Paused
sla-state-met = Met
sla-state-breached = Breached

## Words the service desk's pages share
desk-name = Name
desk-state = State
desk-order = Order
desk-active = Active
desk-inactive = Inactive
desk-move-up = Move { $name } up
desk-move-down = Move { $name } down
desk-save = Save
desk-delete = Delete
desk-kind = Kind
desk-category = Category
desk-organisation = Organisation
desk-and-subsidiaries = and its subsidiaries
desk-team = Team
desk-assignee = Assignee
desk-move-to-team = Move to team
desk-assign-to = Assign to
desk-any-kind = Any kind
desk-any-category = Any category
desk-every-ticket = Every ticket

## Categories (templates/service_desk/admin_categories.html)
categories-title = Categories
categories-description = Description
categories-in-use = In use
categories-new = New category
categories-add = Add category
categories-created = Category { $name } was created.
categories-saved = Category { $name } was saved.

## Routing (admin_routing.html, admin_rule.html)
routing-title = Routing
routing-rules = Assignment rules
routing-new-rule = New rule
routing-intro = A ticket filed without a team or an assignee goes by the first active rule, from the top, whose every condition it meets: to the rule's team and, round robin or least loaded, to a member who is not away and sees the ticket's organisation. With no member free, the team picks it up.
routing-no-rules = No rules yet: new tickets wait in the queue for someone to take them.
routing-rules-label = Assignment rules, first tried first
routing-matches = Matches
routing-who = Who gets it
routing-away-title = Who is away
routing-away-intro = Rules give no new tickets to people who are away; their open tickets stay theirs.
routing-away-label = Staff and whether they are away
routing-email = Email
routing-change = Change
routing-away = Away
routing-available = Available
routing-mark-back = Mark back
routing-mark-back-label = Mark back: { $name }
routing-mark-away = Mark away
routing-mark-away-label = Mark away: { $name }
routing-deleted = The rule was deleted.
routing-order-saved = The order was saved.
routing-away-saved = Saved: routing gives no new tickets to people who are away.
routing-saved = The rule was saved.
routing-line-category = category { $name }
routing-line-organisation = organisation { $name } and its subsidiaries
routing-line-keywords = any of the words: { $words }
routing-rule-new = New assignment rule
routing-matches-hint = leave "any" where it does not matter; a ticket must meet every condition set
routing-keywords = Keywords
routing-keywords-hint = comma-separated; any one of them as a whole word in the subject or description, in any case
routing-keywords-example = e.g. vpn, printer jam
routing-sends-to = Sends the ticket to
routing-method = Who in the team gets it
routing-methods-hint = Round robin: the member assigned least recently. Least loaded: the member with the fewest open tickets. Team only: nobody; the team picks it up. Members who are away are skipped.
routing-save-rule = Save rule
routing-delete-confirm = Delete this rule? The rules after it move up.
routing-delete-rule = Delete rule

## Automation (admin_automation.html, admin_automation_rule.html, _automation_form.html,
## _automation_runs.html)
automation-title = Automation
automation-rules = Rules
automation-rules-intro = Rules run from the top, each whose conditions hold, as the user “Automation”; every change they make is in the ticket's history. A change a rule makes can start other rules, but never the same rule twice in a row of changes, and never more than three deep.
automation-no-rules = No rules yet.
automation-rules-label = Automation rules, first run first
automation-when = When
automation-if = If
automation-then = Then
automation-runs-title = What rules did
automation-new-rule = New rule
automation-add-rule = Add rule
automation-rule-title = Rule { $name }
automation-rule = Rule
automation-rule-runs = What it did
automation-save-rule = Save rule
automation-delete-confirm = Delete this rule and its log?
automation-delete-rule = Delete rule
automation-scope = Applies to tickets of
automation-trigger = The rule runs when
automation-if-hint = every condition you fill in must hold
automation-status-in = Status is one of
automation-priority-in = Priority is one of
automation-by = The change was made by
automation-subject-words = Subject has any of
automation-subject-words-hint = comma-separated words
automation-requester-domain = Requester's mail domain
automation-hours-in-status = In its status for at least
automation-hours-idle = Untouched for at least
automation-hours-hint = hours; time rules
automation-then-hint = done in this order
automation-set-status = Set the status to
automation-set-urgency = Set the urgency to
automation-add-watcher = Add as watcher
automation-comment = Add a comment
automation-comment-hint = placeholders such as {"{{"}ticket.number{"}}"} and {"{{"}requester.name{"}}"} are filled in
automation-comment-internal = As an internal note
automation-notify = Notify
automation-notify-message = With the message
automation-webhook = Call the webhook
automation-trigger-created = A ticket is filed
automation-trigger-updated = A ticket's status or assignee changes
automation-trigger-replied = A public reply is added
automation-trigger-time = Time passes (checked every few minutes)
automation-assignee-either = Either
automation-assignee-nobody = Nobody has it
automation-assignee-someone = Someone has it
automation-by-anyone = Anyone
automation-by-requester = The requester
automation-by-staff = Staff
automation-notify-nobody = Nobody
automation-notify-requester = The requester
automation-notify-assignee = The assignee
automation-notify-team = The team
automation-when-created = Filed
automation-when-updated = Changed
automation-when-replied = Replied to
automation-when-time = Over time
automation-line-scope = tickets of { $scope }
automation-line-status = status { $statuses }
automation-line-priority = priority { $priorities }
automation-line-subject = subject has { $words }
automation-line-domain = requester at { $domain }
automation-line-in-status = in that status { $hours } h
automation-line-idle = untouched { $hours } h
automation-line-or = or
automation-actions = { $count ->
    [one] { $count } action
   *[other] { $count } actions
}
automation-added = Rule “{ $name }” added; it runs after the others.
automation-saved = Rule “{ $name }” saved.
automation-deleted = Rule deleted
automation-order-saved = Order saved
automation-no-runs = No rule has acted yet.
automation-runs-label = What rules did, newest first
automation-run-when = When
automation-run-ticket = Ticket
automation-run-changes = What it changed

## Service levels (admin_sla.html, admin_policy.html, admin_calendar.html)
sla-page-title = SLAs
sla-title = Service levels
sla-recomputing = Recomputing the due times of open tickets
sla-of = of
sla-refresh = Refresh
sla-refresh-follow = to follow it.
sla-policies = SLA policies
sla-policy-new-button = New policy
sla-policies-intro = Of the active policies that match a ticket and have a target for its priority, the most specific applies (the one with the most criteria); ties go to the oldest.
sla-no-policies = No policies yet: tickets have no due times.
sla-applies-to = Applies to
sla-calendar = Calendar
sla-targets-column = Targets (response / resolution)
sla-targets-label = Targets
sla-calendars = Business-hours calendars
sla-no-calendars = No calendars yet. A policy counts working time in one.
sla-calendars-label = Calendars
sla-deleted = Deleted.
sla-saved = Saved. The due times of open tickets are being recomputed.
sla-scope-category = category { $name }
sla-scope-organisation = organisation { $name }
sla-policy-new = New SLA policy
sla-warn-at = Warn at
sla-warn-at-hint = % of the target
sla-applies-to-hint = leave "any" where it does not matter; more criteria make a policy more specific
sla-priority = Priority
sla-targets = Targets in working time
sla-targets-hint = e.g. 30m, 4h, 2h 30m; leave a priority empty for no SLA at that priority
sla-first-response-of = First response, priority { $priority }
sla-resolution-of = Resolution, priority { $priority }
sla-escalation = Escalation after a breach
sla-escalation-hint = each level happens once, the given time after its clock breached
sla-level = Level { $level }
sla-level-clock = When this clock breaches
sla-level-after = After
sla-level-after-hint = empty: at once
sla-at-once = at once
sla-notify = Notify
sla-raise = Raise the priority one step
sla-recompute-note = Saving recomputes the due times of open tickets.
sla-policy-save = Save policy
sla-policy-delete-confirm = Delete this policy? A policy tickets were measured against can only be deactivated.
sla-policy-delete = Delete policy
sla-no-escalation = No escalation
sla-keep-team = Keep the team
sla-keep-assignee = Keep the assignee
sla-any-priority = Any priority
sla-recipient-assignee = Assignee
sla-recipient-team-lead = Team lead
sla-recipient-team = Whole team
sla-recipient-managers = Managers
calendar-new = New calendar
calendar-time-zone = Time zone
calendar-time-zone-hint = working hours are wall-clock times there, daylight saving included
calendar-working-hours = Working hours
calendar-working-hours-hint = e.g. 08:00-12:00, 13:00-17:00; empty for a day off; 00:00-24:00 for the whole day
calendar-day-off = Day off
calendar-holidays = Holidays
calendar-holidays-hint = one a line: 2026-12-25 Christmas Day · 2026-12-28..2026-12-31 Winter break · every 05-01 Labour Day
calendar-recompute-note = Saving recomputes the due times of open tickets whose policy counts in this calendar.
calendar-save = Save calendar
calendar-delete-confirm = Delete this calendar?
calendar-delete = Delete calendar
calendar-no-hours = No working hours
calendar-monday = Monday
calendar-tuesday = Tuesday
calendar-wednesday = Wednesday
calendar-thursday = Thursday
calendar-friday = Friday
calendar-saturday = Saturday
calendar-sunday = Sunday
calendar-short-monday = Mon
calendar-short-tuesday = Tue
calendar-short-wednesday = Wed
calendar-short-thursday = Thu
calendar-short-friday = Fri
calendar-short-saturday = Sat
calendar-short-sunday = Sun

## Canned responses (canned.html, canned_edit.html, _placeholders.html)
canned-title = Canned responses
canned-none = No canned responses yet.
canned-field-title = Title
canned-kept-for = Kept for
canned-kept-for-who = kept for { $who }
canned-kept-for-you = You
canned-text = Text
canned-actions = Actions
canned-delete-confirm = Delete this canned response?
canned-new = New canned response
canned-share = Share with staff of
canned-edit = Edit
canned-saved = “{ $title }” was saved.
canned-deleted = Canned response deleted
canned-placeholders = Placeholders
canned-placeholders-intro = Filled in for the ticket when the response is used; unknown ones stay as written.
canned-placeholder-ticket-number = the ticket's number, e.g. INC-000123
canned-placeholder-ticket-subject = the ticket's subject
canned-placeholder-ticket-status = the ticket's status, e.g. In progress
canned-placeholder-ticket-priority = the ticket's priority, e.g. P2 High
canned-placeholder-requester-name = the requester's name
canned-placeholder-requester-email = the requester's e-mail address
canned-placeholder-organisation-name = the requester's organisation
canned-placeholder-assignee-name = the assignee's name (empty when nobody has the ticket)
canned-placeholder-agent-name = the name of the person using the response
canned-placeholder-agent-email = the e-mail address of the person using the response

## The new-ticket form (new_ticket.html)
new-ticket-title = New ticket
new-ticket-subject = Subject
new-ticket-subject-hint = one line that says what is wrong or wanted
new-ticket-description = Description
new-ticket-description-hint = what happened, since when, what you tried; Markdown, ``` for logs
new-ticket-preview = Preview
new-ticket-attach = Attach files
new-ticket-attach-hint = screenshots, logs: drop or paste them in the description, up to { $mib } MiB each
new-ticket-impact = Impact
new-ticket-impact-hint = how many are affected
new-ticket-urgency = Urgency
new-ticket-urgency-hint = how soon it hurts
new-ticket-requester = Requester
new-ticket-submit = File ticket
new-ticket-no-category = No category
new-ticket-no-team = No team
new-ticket-nobody-yet = Nobody yet
new-ticket-me = Me
new-ticket-filed = Ticket { $number } filed

## The reply box and the conversation of the ticket page (_reply.html, _entry.html)
reply-title = Reply
reply-canned = Canned response
reply-canned-manage = manage
reply-canned-none = None yet
reply-insert = Insert
reply-visibility = Visibility
reply-public = Public reply
reply-internal = Internal note
reply-message = Message
reply-yours = Your reply
reply-markdown-hint = Markdown: **bold**, `code`, ``` for logs
reply-attach = Attach files
reply-attach-hint = or drop or paste them in the message, up to { $mib } MiB each
reply-send = Send
reply-send-resolve = Send and resolve
reply-preview = Preview
reply-internal-tag = internal note
reply-sent = Reply sent
reply-sent-files = { $count ->
    [one] Reply sent with { $count } file
   *[other] Reply sent with { $count } files
}
reply-note-added = Internal note added
reply-note-added-files = { $count ->
    [one] Internal note added with { $count } file
   *[other] Internal note added with { $count } files
}
reply-then-status = Status: { $status }

## The satisfaction survey (survey.html; the reader's browser's language)
survey-title = How did we do?
survey-your-rating = Your rating
survey-rating-1 = Poor
survey-rating-2 = Fair
survey-rating-3 = Good
survey-rating-4 = Very good
survey-rating-5 = Excellent
survey-comment = Anything to add?
survey-optional = optional
survey-send = Send
survey-rated = Your rating: { $rating } of 5.
survey-thanks = Thank you: your rating is saved.
survey-expired = { $count ->
    [one] This link has expired: a rating can be given within { $count } day. Thank you all the same.
   *[other] This link has expired: a rating can be given within { $count } days. Thank you all the same.
}
