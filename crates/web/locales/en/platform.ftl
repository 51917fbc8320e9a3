# The platform's words in English: signing in, one's account, notifications and the
# administration of people, teams, organisations, mail, webhooks, templates and tokens.
# Ids start with their page's name; every message here exists in nl/platform.ftl too.
# An id ending in -html holds markup and is drawn unescaped: no words people typed in it.

## Signing in (platform/login.html)
login-title = Sign in
login-heading = Sign in to Helmdesk
login-email = E-mail
login-password = Password
login-submit = Sign in
login-signed-out = You are signed out.
login-password-set = Your new password is set, and you are signed out everywhere. Sign in with your new password.
login-expired = The form expired. Please sign in again.
login-no-match = That e-mail and password do not match an account.
login-wait-seconds = Too many attempts. Please wait { $seconds ->
        [one] a second
       *[other] { $seconds } seconds
    } before trying again.
login-wait-minutes = Too many attempts. Please wait { $minutes ->
        [one] a minute
       *[other] { $minutes } minutes
    } before trying again.

## Passwords: changing one's own (platform/password.html), a forgotten one
## (platform/password_forgot.html, platform/password_reset.html)
password-title = Change password
password-heading = Change your password
password-forced = You signed in with a one-time password. Choose your own password to continue.
password-current = Current password
password-new = New password
password-min = at least { $min } characters
password-again = New password again
password-signs-out = Changing your password signs you out everywhere.
password-differ = confirm password: the two new passwords differ
password-form-expired = The form expired. Please try again.
password-forgot-title = Forgot your password?
password-forgot-sent = If an account uses that address, a link to choose a new password is on its way.
password-forgot-sent-more-html = The link works once, for { $minutes } minutes. Nothing after a few minutes? Look in your spam folder, or <a href="/password/forgot">ask again</a>: only the newest link works.
password-forgot-no-mail = This Helmdesk sends no e-mail, so it cannot send you a link. Ask your administrator for a new password.
password-forgot-intro = Enter the e-mail address you sign in with, and we will send you a link to choose a new password.
password-forgot-submit = Send me a link
password-back-to-sign-in = Back to sign in
password-reset-title = Choose a new password
password-reset-submit = Set my new password
password-reset-hint = Setting it signs you out everywhere; then sign in with your new password.
password-reset-gone-title = This link no longer works
password-reset-gone = A link to choose a new password works once, for { $minutes } minutes, and only the newest one sent to you works. This one was used already, has expired, or is not a link we sent.
password-reset-ask = Ask for a new link

## Forms of signed-in people (platform/auth.rs)
auth-form-expired = the form expired or came from another site; reload the page and try again
auth-form-without-token = the form has no CSRF token; reload the page and try again
auth-form-too-large = the form is too large

## Roles, as pages name them
role-requester = requester
role-agent = agent
role-manager = manager
role-admin = admin
role-auditor = auditor

## One's account (platform/account.html)
account-title = Your account
account-name = Name
account-email = E-mail
account-role = Role
account-availability = Availability
account-away = Away
account-away-note = Assignment rules give you no new tickets.
account-back = I'm back
account-present-note = Assignment rules may give you new tickets. Mark yourself away while on leave or off sick.
account-go-away = I'm away
account-away-set = You are marked away: assignment rules give you no new tickets until you are back.
account-back-set = Welcome back: assignment rules give you tickets again.
account-notifications-hint = The bell always shows what happened to your tickets. Choose what also comes by e-mail.
account-email-me-when = E-mail me when
account-mail-language = Language of e-mail
account-mail-language-hint = e.g. en, de, fr, pt-BR
account-notifications-save = Save notification settings
account-notifications-saved = Your notification settings are saved.
account-tokens-hint-html = A token lets a script use the <a href="/api/v1/openapi.json">Helmdesk API</a> as you: send it as <code>Authorization: Bearer TOKEN</code>.
account-token-new = Your new token is below. Copy it now: it will not be shown again.
account-no-tokens = You have no tokens.
account-token-revoke-confirm = Revoke this token? Scripts using it will stop working.
account-token-name = New token name
account-token-name-placeholder = e.g. monitoring script
account-token-create = Create token
account-token-revoked = The token was revoked.

## The events whose e-mail people choose and administrators write (account, templates)
email-event-created = A ticket was received (to its requester) or is new for a team
email-event-reply = A public reply was added
email-event-note = An internal note was added (staff)
email-event-status = A ticket's status changed (resolved, closed, reopened...)
email-event-assignee = A ticket was assigned
email-event-major-update = A major incident's stakeholder update
email-event-sla-warning = An SLA target is about to be missed (staff)
email-event-escalation = An SLA target was missed and escalated (staff)
email-event-automation = A message from an automation rule
email-event-password-reset = A link to choose a new password (to whoever asked for it with their address)
email-event-approval-request = An approval waiting for you, with a link to approve or reject it (approvers)

## Notifications (platform/notifications.html)
notifications-mark-read = Mark all read
notifications-marked-read = All notifications marked read
notifications-count = { $count ->
        [0] Nothing unread.
        [one] 1 unread.
       *[other] { $count } unread.
    }
notifications-opening = Opening a ticket marks what was said of it read.
notifications-empty = Nothing yet: you hear here of replies, assignments and changes to the tickets you work on or watch.
notifications-unread-mark = Unread:
notifications-new = { $count } new

## API tokens: one's own (account) and everyone's (platform/admin_tokens.html)
tokens-title = API tokens
tokens-none = Nobody has created a token yet.
tokens-owner = Owner
tokens-name = Name
tokens-starts-with = Starts with
tokens-created = Created
tokens-last-used = Last used
tokens-state = State
tokens-actions = Actions
tokens-never = never
tokens-revoked = revoked
tokens-active = active
tokens-revoke = Revoke
tokens-revoke-confirm = Revoke this token?
tokens-revoked-flash = Token revoked

## Users (platform/admin_users.html, platform/admin_user.html)
users-title = Users
users-export-csv = Download CSV
users-export-xlsx = Download XLSX
users-import = Import people
users-add = Add a user
users-email = E-mail
users-name = Name
users-role = Role
users-organisation = Organisation
users-department = Department
users-manager = Manager
users-manager-hint = their e-mail address; they approve for this person; empty for none
users-no-department = No department
users-add-submit = Add user
users-state = State
users-active = active
users-inactive = inactive
users-active-label = Active
users-active-hint = inactive users cannot sign in
users-save = Save
users-added = { $email } was added. Give them the one-time password below; they will choose their own at first sign-in.
users-saved = { $name } was saved.

## Teams (platform/admin_teams.html, platform/admin_team.html)
teams-title = Teams
teams-team = Team
teams-serves = Serves
teams-description = Description
teams-members = Members
teams-new = New team
teams-name = Name
teams-create = Create team
teams-created = Team { $name } was created.
teams-lead = Team lead
teams-lead-hint = hears of escalations
teams-no-lead = No lead
teams-away = away
teams-save = Save
teams-saved = Team { $name } was saved.

## The organisation a piece of configuration belongs to (templates/_scope_field.html)
scope-organisation = Organisation
scope-and-subsidiaries = and its subsidiaries
scope-every-organisation = Every organisation
scope-subtree = { $name } and its subsidiaries
scope-above = An organisation above yours

## Organisations and departments (platform/admin_orgs.html)
orgs-title = Organisations
orgs-hint = Agents and managers see the tickets of their organisation and its subsidiaries.
orgs-name = Name
orgs-parent = Subsidiary of
orgs-top-level = None (top level)
orgs-save = Save
orgs-new = New organisation
orgs-add = Add organisation
orgs-created = { $name } was created.
orgs-saved = { $name } was saved.
orgs-departments = Departments
orgs-departments-hint = Requesters see their own tickets and those of their department.
orgs-new-department = New department
orgs-organisation = Organisation
orgs-add-department = Add department
orgs-department-created = Department { $name } was created.

## Mail (platform/admin_mail.html, platform/admin_mailbox.html, platform/_mailbox_fields.html)
mail-title = Mail
mail-received = Mail received
mail-received-note = Every message is stored as it arrived before it is processed. Messages that could not be processed, and those from senders who may not open tickets, wait here to be retried once the cause is fixed.
mail-received-bar = Received mail
mail-received-tabs = Received mail by outcome
mail-status-failed = Failed
mail-status-rejected = Rejected
mail-status-ignored = Ignored
mail-status-received = Waiting
mail-status-processed = Processed
mail-none-here = No messages here.
mail-col-received = Received
mail-col-from = From
mail-col-subject = Subject
mail-col-outcome = Outcome
mail-col-actions = Actions
mail-col-name = Name
mail-col-address = Address
mail-col-server = Server
mail-col-last-poll = Last poll
mail-col-state = State
mail-col-queued = Queued
mail-col-to = To
mail-col-event = Event
mail-unknown = unknown
mail-no-subject = (no subject)
mail-not-read = (not read yet)
mail-attempts = ({ $count } attempts)
mail-download = Download
mail-retry = Retry
mail-retry-label = Retry message { $id }
mail-retried = Message { $id } is queued to be processed again.
mail-mailboxes = Mailboxes
mail-mailboxes-note = IMAP mailboxes polled for new messages; the server's certificate is always verified. A message is marked read once it is stored.
mail-no-mailboxes-html = No mailboxes yet. Add one below, or have your mail server relay the support address to Helmdesk's SMTP receiver (<code>smtp_listen</code>).
mail-not-yet = not yet
mail-failing = Failing
mail-active = Active
mail-paused = Paused
mail-add-mailbox = Add a mailbox
mail-add-mailbox-submit = Add mailbox
mail-mailbox-added = Mailbox { $name } added; it is polled within a minute.
mail-sent = Mail sent
mail-nothing-sent = Nothing sent yet.
mail-sent-label = Mail sent, newest first
mail-state-sent = Sent
mail-state-failed = Failed
mail-state-queued = Queued
mail-settings = Settings
mail-policy = Who may open tickets by mail
mail-policy-allow = Anyone: unknown senders become requesters
mail-policy-known-domains = Known people, and unknown senders of the allowed domains
mail-policy-reject = Known people only
mail-domains = Allowed domains
mail-domains-hint = comma-separated
mail-new-requesters = New requesters join
mail-top-organisation = The top organisation
mail-max = Largest message
mail-max-hint = MiB, 1 to 100
mail-flood = Messages per sender per hour
mail-flood-hint = more are ignored; 0: no limit
mail-outgoing = Outgoing mail
mail-send = Send notifications by e-mail
mail-smtp-host = SMTP server
mail-port = Port
mail-security = Security
mail-security-tls = TLS (implicit)
mail-security-starttls = STARTTLS (required)
mail-security-none = None (a relay on this machine only)
mail-user = User name
mail-user-hint = empty: no login
mail-password = Password
mail-password-stored = stored; leave empty to keep it
mail-password-none = none stored
mail-from-address = From address
mail-from-address-hint = replies come back here
mail-from-name = From name
mail-save-settings = Save settings
mail-settings-saved = Mail settings saved.
mail-mailbox-title = Mailbox { $name }
mail-last-poll-failed = The last poll failed: { $error }
mail-save = Save
mail-mailbox-saved = Mailbox { $name } saved; it is polled within a minute.
mail-remove-confirm = Remove this mailbox? Messages it brought stay on record.
mail-remove = Remove mailbox
mail-mailbox-deleted = Mailbox deleted
mail-mb-address = Support address
mail-mb-address-hint = mail from it is never processed
mail-mb-host = IMAP server
mail-mb-password-hint = leave empty to keep the stored one
mail-mb-folder = Folder
mail-mb-poll = Poll every
mail-mb-poll-hint = seconds, 15 to 86,400
mail-mb-active = Poll this mailbox

## Webhooks (platform/admin_webhooks.html, platform/admin_webhook.html, platform/_webhook_fields.html)
webhooks-title = Webhooks
webhooks-note = Ticket events are posted to each active webhook that subscribes to them: as Helmdesk JSON (signed with the webhook's secret), or as a Slack or Microsoft Teams message. Failed deliveries are tried again for about 20 minutes.
webhooks-none = No webhooks yet.
webhooks-name = Name
webhooks-format = Format
webhooks-events = Events
webhooks-target = Target
webhooks-state = State
webhooks-active = Active
webhooks-off = Off
webhooks-no-events = None (automation rules and tests only)
webhooks-new = New webhook
webhooks-add = Add webhook
webhooks-created = The webhook was saved.
webhooks-internal = Internal hosts
webhooks-internal-note = Webhooks may not reach loopback, private, link-local or cloud metadata addresses, checked when a webhook is saved and before every delivery. Hosts listed here are exempt: for example an intranet chat server. Write them as in the webhook's URL, without port.
webhooks-allowed = Allowed hosts
webhooks-allowed-hint = one per line
webhooks-save-allowed = Save allowed hosts
webhooks-hosts-saved = { $count ->
        [0] Saved: no internal host is allowed.
        [one] Saved: { $count } allowed host.
       *[other] Saved: { $count } allowed hosts.
    }
webhooks-webhook-title = Webhook { $name }
webhooks-tested = Test delivery { $outcome ->
        [delivered] delivered
       *[other] failed
    }
webhooks-tested-answered = Test delivery { $outcome ->
        [delivered] delivered
       *[other] failed
    }: the target answered { $code }
webhooks-deliveries = Deliveries
webhooks-send-test = Send a test
webhooks-log-note = Newest first. A delivery is tried again after 10 s, 20 s, 40 s and so on, 8 times in all; the first 2 KB of each answer are kept.
webhooks-nothing-delivered = Nothing delivered yet.
webhooks-log-label = Deliveries, newest first
webhooks-time = Time
webhooks-event = Event
webhooks-code = Code
webhooks-attempts = Attempts
webhooks-error = Error
webhooks-delivered = Delivered
webhooks-failed = Failed
webhooks-queued = Queued
webhooks-body-and-answer = Body and answer
webhooks-sent = Sent
webhooks-answer = Answer
webhooks-older = Older deliveries
webhooks-settings = Settings
webhooks-remove-secret = Remove the stored secret
webhooks-save = Save
webhooks-saved = “{ $name }” was saved.
webhooks-delete-confirm = Delete this webhook and its delivery log?
webhooks-delete = Delete webhook
webhooks-deleted = Webhook deleted
webhooks-url = URL
webhooks-url-hint = http or https
webhooks-secret = Signing secret
webhooks-secret-stored = stored; leave empty to keep it
webhooks-secret-none = none stored
webhooks-secret-optional = optional; Helmdesk JSON only
webhooks-format-helmdesk = Helmdesk JSON (signed)
webhooks-format-slack = Slack
webhooks-format-teams = Microsoft Teams
webhooks-event-ticket-created = Ticket created
webhooks-event-ticket-updated = Ticket updated
webhooks-event-ticket-replied = New reply
webhooks-event-ticket-noted = Internal note
webhooks-event-ticket-resolved = Ticket resolved
webhooks-event-ticket-sla-warning = SLA warning
webhooks-event-ticket-escalated = Ticket escalated
webhooks-event-ping = Test delivery

## Notification e-mail templates (platform/admin_templates.html, platform/admin_template.html)
templates-templates = Templates
templates-note = Each event's e-mail has a subject, a text and an HTML body. People get them in the language of their notification settings; without a template in that language, the English one serves. Until you write one, the built-in text is used.
templates-label = Notification templates
templates-event = Event
templates-language = Language
templates-subject = Subject
templates-state = State
templates-built-in = Built in
templates-written = Written
templates-template-title = Template: { $event } ({ $language })
templates-built-in-template = Built-in template
templates-template = Template
templates-text = Text
templates-html-hint = values are escaped
templates-html-hint-tickets = values are escaped; keep {"{{"}reply.marker{"}}"} first in both bodies so replies thread cleanly
templates-save = Save template
templates-preview = Preview
templates-saved = The { $event } template in { $language } is saved.
templates-reset-confirm = Use the built-in template again?
templates-reset = Use the built-in template
templates-preview-ticket = Preview, filled in with the newest ticket
templates-preview-sample = Preview, filled in with a sample person and link
templates-html-frame = The HTML message
templates-placeholders = Placeholders
templates-other-language = Another language
templates-language-tag = Language tag
templates-open = Open
templates-placeholder-event-message = what happened, in one line (e.g. New reply on INC-000123: ...)
templates-placeholder-event-details = the reply or note with its author, or the ticket's description when it was filed
templates-placeholder-ticket-number = the ticket's number, e.g. INC-000123
templates-placeholder-ticket-subject = the ticket's subject
templates-placeholder-ticket-status = the ticket's status, e.g. In progress
templates-placeholder-ticket-priority = the ticket's priority, e.g. P2 High
templates-placeholder-ticket-url = the ticket's page
templates-placeholder-requester-name = the requester's name
templates-placeholder-assignee-name = the assignee's name (empty when nobody has the ticket)
templates-placeholder-recipient-name = the name of the person the message is for
templates-placeholder-survey-url = the satisfaction survey of a resolved ticket (its requester only; empty otherwise)
templates-placeholder-reply-marker = the line replies are cut at; keep it first so answers thread cleanly
templates-placeholder-reset-url = the link to choose a new password (it works once)
templates-placeholder-reset-minutes = how many minutes the link works, e.g. 30
templates-placeholder-approval-title = what is to be approved, e.g. New laptop for Ann Example
templates-placeholder-approval-requester = who asked for it
templates-placeholder-approval-step = the step of the chain, e.g. Manager
templates-placeholder-approval-details = the record's details, one per line
templates-placeholder-approval-due = when the step's time runs out (empty when it has no limit)
templates-placeholder-approval-url = the link to approve or reject (it works once, for this person and step)

## The living style page (platform/style.html)
style-title = Style
style-heading = The shared parts of every page
style-intro = Each part below is drawn by the template or macro that modules use (docs/ui.md). The confirmation at the top is the layout's.
style-flash = A confirmation: Reply sent
style-forms = Forms and fields
style-subject = Subject
style-subject-hint = one line that says what is wrong
style-refused = subject: must not be empty
style-status = Status
style-status-new = New
style-status-in-progress = In progress
style-status-pending = Pending
style-status-resolved = Resolved
style-status-cancelled = Cancelled
style-primary = Primary
style-secondary = Secondary
style-badges = Badges
style-tabs = Tabs with counts
style-tabs-label = Example views
style-open = Open
style-mine = Mine
style-table = A table that turns into cards on a phone
style-table-label = Example tickets
style-number = Number
style-example-subject = VPN drops every hour
style-empty = No tickets match: clear a filter to see more.
style-markdown = Markdown, rendered and sanitised
style-confirm = Confirmation before what cannot be undone
style-confirm-question = Delete this example? This cannot be undone.
style-delete = Delete…
style-keys-html = Keys: <kbd>?</kbd> lists the keyboard shortcuts.

## Error pages (error.html, platform/ui/errors.rs)
error-status = Error { $status }
error-malformed-title = That request could not be read
error-malformed = Something in the address or the form is malformed.
error-sign-in-title = Please sign in
error-sign-in = Sign in to see this page.
error-forbidden-title = You may not do this
error-forbidden = Your role does not allow it. Ask an administrator if you need to.
error-not-found-title = Not found
error-not-found = There is no such page or record, or it is not one you may see.
error-method-title = Not available here
error-method = This page does not take that action. Use the buttons and links on the page.
error-changed-title = It changed in the meantime
error-changed = Someone changed this while you were working on it. Open it again to see the latest, then try again.
error-too-large-title = Too large
error-too-large = What you sent is larger than this server accepts.
error-not-accepted-title = Not accepted
error-not-accepted = Something in what you sent was not accepted.
error-too-many-title = Too many attempts
error-too-many = Wait a moment, then try again.
error-failed-title = Something went wrong
error-failed = The server could not finish this. Try again; if it keeps happening, tell your administrator.

## Approvals (platform/approvals.html, approval.html, approval_link.html, _approval.html)
approvals-title = Approvals
approvals-waiting = Waiting for you
approvals-waiting-none = Nothing waits for your approval. When someone needs it, it appears here and you get an e-mail.
approvals-mine = Asked for or answered by you
approvals-mine-none = You have not asked for or answered an approval yet.
approvals-what = What
approvals-requester = Asked by
approvals-step = Step
approvals-due = Decide by
approvals-state = State
approvals-delegation = While you are away
approvals-delegation-hint = Let someone decide your approvals for a while: they are asked beside you and may answer for you.
approvals-delegated-to = { $name } decides for you
approvals-delegated-from = You decide for { $name }
approvals-delegation-end = End the delegation to { $name }
approvals-delegate-email = E-mail address of who decides for you
approvals-delegate-from = From
approvals-delegate-until = Until (inclusive)
approvals-delegate = Delegate
approval-delegated = Your approvals go to { $email } too for that time
approval-delegation-ended = Delegation ended
approval-heading = Approval
approval-asked-by = Asked by { $name }, approved through “{ $chain }”
approval-comment = Outcome:
approval-due = decide by { $time }
approval-for = for { $name }
approval-decision-none = not answered yet
approval-decision-approved = approved
approval-decision-rejected = rejected
approval-via-portal = in the portal
approval-via-api = through the API
approval-via-mail = by e-mail
approval-your-comment = Your comment
approval-comment-hint = optional; the requester reads it
approval-approve = Approve
approval-reject = Reject
approval-approved = Approved: { $title }
approval-rejected = Rejected: { $title }
approval-back = All approvals
approval-open-record = Open what is to be approved
approval-link-title = An approval for you
approval-link-for = This link is for { $name }.
approval-link-gone = This link no longer works: it was used, its step has ended, or it is not one we sent. Sign in and open Approvals to see where it stands.
approval-state-pending = waiting
approval-state-approved = approved
approval-state-rejected = rejected
approval-state-cancelled = cancelled
approval-step-state-waiting = not reached yet
approval-step-state-pending = waiting for answers
approval-step-state-approved = approved
approval-step-state-rejected = rejected
approval-step-state-skipped = skipped
approval-step-state-expired = time ran out
approval-approver-person = a named person
approval-approver-manager = the requester's manager
approval-approver-department-head = the department head
approval-approver-cost-centre-owner = the cost-centre owner
approval-approver-team = the members of a team
approval-rule-any = the first answer decides
approval-rule-all = everyone must approve
approval-rule-majority = a majority decides
approval-op-gt = greater than
approval-op-ge = at least
approval-op-lt = less than
approval-op-le = at most
approval-op-eq = equals
approval-op-ne = does not equal

## Approval chains (platform/admin_approval_chains.html, admin_approval_chain.html)
approval-chains-hint = A chain's steps run in order. Each asks its approvers and is decided by its rule; a rejection, or a step's time running out, ends the chain. A step with a condition runs only when the record's fact meets it (for example cost greater than 1000).
approval-chains-new = New approval chain
approval-chains-none = No approval chain yet. Make one, then name it on a catalog item.
approval-chain-name = Name
approval-chain-organisation = Organisation
approval-chain-description = Description
approval-chain-steps = Steps
approval-chain-steps-hint = Fill in a step's name to use its row; leave it empty to drop the step. A named person is given by e-mail address, a team by choosing it.
approval-chain-step = Step { $number }
approval-chain-step-name = Step name
approval-chain-approver = Who approves
approval-chain-person = Person (e-mail)
approval-chain-team = Team
approval-chain-no-team = No team
approval-chain-rule = Rule
approval-chain-fact = Only when fact
approval-chain-fact-hint = e.g. cost
approval-chain-op = is
approval-chain-value = Value
approval-chain-limit = Time limit (hours)
approval-chain-reminder = Remind every (hours)
approval-chain-save = Save chain
approval-chain-saved = Approval chain { $name } saved
approval-chain-changed = Someone saved this chain since you opened it. Your changes are below: check them against the current chain and save again.

## Departments' heads and cost centres (platform/admin_orgs.html)
orgs-head = Head (e-mail)
orgs-cost-centre = Cost centre
orgs-no-cost-centre = No cost centre
orgs-save-named = Save { $name }
orgs-department-saved = Department { $name } was saved.
orgs-cost-centres = Cost centres
orgs-cost-centres-hint = A cost centre's owner approves what is charged to it; a department books to one cost centre.
orgs-code = Code
orgs-owner = Owner (e-mail)
orgs-new-cost-centre = New cost centre
orgs-add-cost-centre = Add cost centre
orgs-cost-centre-saved = Cost centre { $code } was saved.
