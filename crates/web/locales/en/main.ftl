# The pages' words in English. Every message here exists in every other language
# (ui::i18n's tests); a page names a message by its id: {{ nav.tr.t("sign-out") }}.

## The shell (templates/base.html)
skip-to-content = Skip to content
nav-main = Main
notifications = Notifications
notifications-unread = Notifications, { $count } unread
sign-out = Sign out
shortcuts = Shortcuts
dismiss = Dismiss
close = Close

## The main navigation (each module's menu())
nav-queue = Queue
nav-assets = Assets
nav-cmdb = CMDB
nav-my-assets = My devices
nav-tickets = Tickets
nav-my-tickets = My tickets
nav-new-ticket = New ticket
nav-dashboard = Dashboard
nav-approvals = Approvals
nav-admin = Admin

## Keyboard shortcuts (static/app.js)
shortcuts-title = Keyboard shortcuts
shortcut-walk = Next and previous ticket
shortcut-reply = Reply
shortcut-note = Add an internal note
shortcut-assign = Assign the ticket to me
shortcut-search = Search
shortcut-queue = Go to the queue
shortcut-notifications = Go to notifications
shortcut-dashboard = Go to the dashboard
shortcut-help = This list
shortcuts-typing = Shortcuts do nothing while you type in a field.

## The administration page (each module's admin())
admin-title = Administration
admin-users = Users
admin-users-note = people, roles, organisations and departments they belong to
admin-organisations = Organisations and departments
admin-organisations-note = your company and its subsidiaries
admin-teams = Teams
admin-teams-note = support groups and their members
admin-approval-chains = Approval chains
admin-approval-chains-note = who approves catalog requests, in which order
admin-categories = Categories
admin-categories-note = what tickets are filed under
admin-assets = Asset catalogue
admin-assets-note = asset types and their fields, models, locations
admin-routing = Routing
admin-routing-note = assignment rules: which team and agent a new ticket goes to
admin-automation = Automation
admin-automation-note = rules that act on tickets when something happens or time passes
admin-sla = Service levels
admin-sla-note = SLA policies, targets, escalation and business-hours calendars
admin-notifications = Notification e-mail
admin-notifications-note = the messages people get, per event and language
admin-mail = Mail
admin-mail-note = mailboxes, who may open tickets by mail, outgoing mail, failed messages
admin-webhooks = Webhooks
admin-webhooks-note = ticket events posted to other systems, Slack and Microsoft Teams
admin-tokens = API tokens
admin-tokens-note = every token, and revoking them

## Error pages (platform/ui/errors.rs)
error-go-back = Go back
error-start = Go to the start page

## The account page: a person's language, time zone and theme
prefs-title = Language, time zone and theme
prefs-language = Language
prefs-time-zone = Time zone
prefs-time-zone-hint = the dates on every page are shown in it; empty: your browser's
prefs-theme = Theme
theme-system = As the system
theme-light = Light
theme-dark = Dark
prefs-save = Save
prefs-saved = Preferences saved

## Who else has a ticket open (templates/service_desk/_presence.html)
presence-label = Also on this ticket:
presence-writing = is replying…

## The ticket lists' columns (service_desk/ui/columns.rs)
column-number = Number
column-subject = Subject
column-kind = Kind
column-requester = Requester
column-organisation = Organisation
column-category = Category
column-status = Status
column-priority = Priority
column-sla = SLA
column-team = Team
column-assignee = Assignee
column-created = Filed
column-updated = Updated
columns-title = Columns
columns-shown = Columns shown
columns-density = Rows
columns-comfortable = Comfortable
columns-compact = Compact
columns-save = Apply
columns-saved = Columns saved

## Words the page's script writes (static/app.js, which fills in %count and %who)
js-notifications = Notifications
js-notifications-unread = Notifications, %count unread
js-show = Show
js-updated-one = 1 new or updated ticket
js-updated-other = %count new or updated tickets
js-replied = %who replied
js-noted = %who added an internal note
js-changed = %who updated the ticket
js-someone = Someone
js-entries = %count new entries
js-not-saved = That change was not saved: open the ticket to see why.
js-dismiss = Dismiss
js-preview = Preview
js-edit = Edit
js-nothing-to-preview = Nothing to preview yet.
