//! The full text of the planted design documents, kept apart from the
//! tables that place them in the history because it is long prose.

pub(super) const RETRY_RFC: &str = r#"---
id: RFC-0001
title: A unified retry and timeout policy for service clients
type: rfc
status: accepted
authors: [priya]
reviewers: [ana, erik, soren]
teams: [platform]
date: 2025-02-10
---
# A unified retry and timeout policy for service clients

## Summary

Every service client at Acme retries and times out in its own way. This RFC
proposes one policy for all of them: a deadline per call that travels
downstream, at most three attempts, exponential backoff with full jitter, one
classification of retryable errors, and a retry budget per client that keeps
retries from multiplying load during an incident.

## Motivation

We counted eleven hand-written retry loops across payments-api, checkout-web,
search-indexer and identity-service. They differ in every parameter that
matters:

- attempts range from two to "until it works";
- three loops sleep for a fixed interval, and none of them add jitter;
- timeouts are set per attempt, so a call with four attempts can take four
  times longer than its caller is willing to wait;
- POST requests are retried without an idempotency key in two places.

During the December settlement incident the ledger's retries and the checkout
gateway's retries stacked on top of each other and turned a 30-second database
blip into twelve minutes of elevated errors. Retries should hide transient
failures; they must never make an outage worse.

## Proposal

1. **Deadlines, not timeouts.** The caller sets a deadline for the whole
   operation. Each attempt gets what is left of it, and no attempt starts with
   less than 50 ms remaining. Deadlines travel in the `X-Request-Deadline`
   header and in gRPC metadata.
2. **At most three attempts.** The first call and two retries. Anything more
   needs a written exception in the service's README.
3. **Exponential backoff with full jitter.** Sleep a random duration in
   `[0, min(cap, base * 2^attempt)]`, with `base = 100ms` and `cap = 2s`.
4. **One classification of retryable errors.** Connection resets, timeouts,
   HTTP 502, 503, 504 and 429 (honouring `Retry-After`) are retryable; other
   4xx responses and 500 are not. Requests that are not idempotent are retried
   only when they carry an `Idempotency-Key`.
5. **A retry budget per client.** Retries may add at most 10% to a client's
   request rate over a 10-second window. Beyond that, calls fail fast with a
   retryable error and the caller decides what to do.
6. **Shared implementations.** `libs/http` in shared-libs implements the policy
   for Go; checkout-web and search-indexer get small equivalents in TypeScript
   and Rust with the same defaults and the same test cases.

| Setting      | Default | Who may change it           |
|--------------|---------|-----------------------------|
| attempts     | 3       | service owners, with a note |
| base backoff | 100 ms  | nobody                      |
| backoff cap  | 2 s     | service owners              |
| retry budget | 10%     | platform                    |

## Rollout

Each team moves its clients during the second quarter of 2025 and cites this
RFC in the commits that do, so that adoption can be followed with
`git log --grep=RFC-0001`. Platform publishes a dashboard of retry rates and
budgets per client.

## Alternatives considered

- **Retries in the service mesh.** Envoy can retry for us, but it cannot see
  the deadlines or idempotency keys set by the application, and during the
  migration it would add a second layer of retries on top of the existing
  ones.
- **Leaving it to each team.** This is what we do today; the December incident
  is the result.
- **No retries at all.** Simple, but every deploy and failover would surface
  transient errors to customers.

## Open questions

- Should batch jobs get a larger retry budget than interactive traffic?
- Do we need overrides per endpoint, or is one setting per client enough?
"#;

pub(super) const LEDGER_ADR: &str = r#"# 3. Use Postgres for the ledger

Date: 2025-04-02

## Status

Accepted

## Context

The ledger records every money movement in payments-api: charges, refunds,
payouts and the fees we owe acquirers. It lives in a DynamoDB table that was
chosen when the service only stored payment intents. Since then the ledger has
grown requirements that a key-value store handles poorly:

- the postings of a journal entry must be written atomically, several rows at
  a time;
- settlement reconciles balances per account and per day, which needs range
  scans and aggregates;
- finance asks ad-hoc questions that we answer by exporting the table to the
  warehouse, a day late.

We compared Postgres 16 on RDS, the existing DynamoDB table with transactions,
and CockroachDB. The team already runs Postgres for the settlement batch, and
platform supports it with backups, failover and monitoring.

## Decision

We will store the ledger in Postgres, in a dedicated `ledger` database on the
payments RDS cluster.

- The postings of a journal entry are written in one transaction, and a
  constraint checks that debits and credits balance.
- Balances are materialised per account and day by the settlement job instead
  of being computed on every read.
- Migrations live in `migrations/` and run through the existing
  `make migrate` target.
- The DynamoDB table stays read-only for twelve months and is then deleted.

## Consequences

- We gain transactions across postings, and reconciliation becomes a handful
  of SQL queries instead of a nightly export.
- We take on schema migrations for the ledger; every migration needs a review
  from someone on the payments on-call rotation.
- A failover of the RDS cluster now interrupts ledger writes, so clients must
  retry failed writes as the platform retry policy (RFC-0001) describes.
- Reporting queries run against the primary for now; we will revisit this once
  settlement volume grows.
"#;

/// The line of [`LEDGER_ADR`] that the later edit replaces.
pub(super) const LEDGER_ADR_BEFORE: &str =
    "- Reporting queries run against the primary for now; we will revisit this once
  settlement volume grows.";
pub(super) const LEDGER_ADR_AFTER: &str =
    "- Reporting queries run against the read replica `ledger-ro` since October
  2025; the primary only serves the API and settlement.";

pub(super) const HTTP_CLIENT_MADR: &str = r#"---
status: accepted
date: 2025-05-20
deciders: [priya, tomasz, hannah]
---
# Use one shared HTTP client

## Context and Problem Statement

Go services build their outgoing HTTP clients in at least four ways:
`http.DefaultClient`, a hand-tuned `http.Transport` copied from repository to
repository, a wrapper in the payments-api gateway, and the retrying client in
`libs/http`. RFC-0001 asks every client to follow one retry and timeout
policy, which is hard to check while every service owns its own client.

Which HTTP client should services use for calls to other services?

## Decision Drivers

* Deadlines, retries and the retry budget of RFC-0001 must behave the same way
  everywhere.
* Connection pooling and TLS settings should be tuned once, by the people who
  watch the dashboards.
* Teams still need per-call options such as extra headers or a timeout shorter
  than the deadline.

## Considered Options

* Keep per-service clients and document the settings to copy
* Use libs/http as the one client
* Retry in the service mesh and use plain clients

## Decision Outcome

Chosen option: "Use libs/http as the one client", because it is the only
option that applies RFC-0001 where the application knows the deadline and the
idempotency key, and it already runs in the payments-api gateway in
production.

### Consequences

* Good, because retry behaviour is defined and tested in one place.
* Good, because transport settings and metrics are the same in every service.
* Bad, because `libs/http` becomes a dependency of every Go service, so
  platform has to keep its API stable and release it with a changelog.
* Bad, because teams can no longer tune their own transports; they need an
  option in `libs/http` instead.

### Confirmation

A lint rule in the shared CI flags new uses of `http.DefaultClient` and of
`&http.Client{}` outside `libs/http`.

## Pros and Cons of the Options

### Keep per-service clients and document the settings to copy

* Good, because nothing has to change.
* Bad, because the settings drift apart again within months.

### Retry in the service mesh and use plain clients

* Good, because application code does not change.
* Bad, because the mesh cannot see deadlines or idempotency keys.
* Bad, because it adds a second layer of retries while services migrate.
"#;

pub(super) const CHECKOUT_POSTMORTEM: &str = r#"---
id: INC-2025-014
title: Checkout outage from retry storms
type: postmortem
severity: SEV2
date: 2025-08-14
authors: [priya]
teams_affected: [checkout, payments, platform]
diagnosed_by: [priya]
root_cause: Retries without jitter in three services amplified a slow database failover.
remediation:
  - item: Add jitter to the payments client
    owner: ana
  - item: Cap retries in the checkout gateway
    owner: james.okoro
  - item: Publish the retry budget dashboard
    owner: priya
---
# Checkout outage from retry storms

## Summary

On 14 August 2025, between 14:02 and 14:49 UTC, 38% of checkout attempts
failed and another 20% took longer than ten seconds. A planned failover of the
payments database took 95 seconds instead of the usual 30. Three clients that
still retried on a fixed schedule, without jitter, retried in lockstep; their
combined load held the new primary at full CPU for more than forty minutes.

No payment was lost or charged twice: the idempotency keys held. About 4,100
orders were abandoned.

## Timeline

All times are UTC.

- 14:00 Platform starts the scheduled failover of `payments-prod`.
- 14:02 The failover stalls behind a long-running settlement transaction.
- 14:03 The checkout error-rate alert fires and pages the checkout on-call.
- 14:04 The new primary accepts connections; its CPU goes to 100% at once.
- 14:11 Payments on-call sees connection pool exhaustion in payments-api and
  restarts two pods, which does not help.
- 14:19 The incident is declared SEV2; priya joins as incident commander.
- 14:27 priya lines up the request spikes with 2, 4 and 8 second boundaries
  and finds synchronised retries from three clients.
- 14:34 The checkout gateway's retries are switched off by feature flag.
- 14:41 The payment status poller is scaled down to one replica.
- 14:49 Error rates are back to normal; the incident is closed at 15:10.

## Root cause

Retries without jitter in three services amplified a slow database failover.
The failover itself was slow but within its design. The outage came from three
clients that had not yet moved to the unified retry policy (RFC-0001):

1. the checkout gateway, which retried every failed call five times with a
   fixed two-second sleep;
2. the payment status poller in payments-api, which backed off exponentially
   but without jitter, so every replica retried at the same moments;
3. the order events consumer, which reconnected in a tight loop.

Together they sent the new primary about nine times its normal load, in waves
two seconds apart, so it never caught up. None of the three had a retry
budget.

## What went well

- Idempotency keys prevented every double charge.
- The feature flag for gateway retries existed and took effect within a minute.
- The database failover runbook was accurate.

## What went wrong

- Three clients still ran hand-written retry loops six months after RFC-0001
  was accepted, and nobody tracked the stragglers.
- No dashboard showed retry rates per client, so it took 23 minutes to see
  the pattern.
- Restarting payments-api pods added more connection churn.

## Action items

| Action                              | Owner       | Due        |
|-------------------------------------|-------------|------------|
| Add jitter to the payments client   | ana         | 2025-08-29 |
| Cap retries in the checkout gateway | james.okoro | 2025-09-05 |
| Publish the retry budget dashboard  | priya       | 2025-09-05 |
"#;

pub(super) const RANKING_DESIGN: &str = r#"---
title: Ranking v2 with a learned second-stage reranker
type: design
authors: [wei]
status: draft
date: 2025-06-01
---
# Ranking v2

## Background

Search ranks products with BM25 over title, brand and description, plus a
hand-tuned boost for popularity. The boosts were last tuned two years ago.
Merchandising keeps asking for new ones, and every new boost makes the others
harder to reason about. Click-through on the first result page has fallen from
31% to 26% over the last year.

## Goals

- Improve click-through and add-to-cart rate on the first result page.
- Replace the hand-tuned boosts with features that are learned and measured.
- Keep the p99 latency of a query below 120 ms.

## Non-goals

- Personalisation per shopper; that comes after v2.
- Changes to tokenisation, synonyms or the index layout.

## Design

### Candidate generation

BM25 stays as the first stage and returns the top 200 candidates per shard.
The shard merge keeps the best 200 overall, as it does today.

### Second stage

A gradient-boosted ranker (LambdaMART) reorders those 200 candidates. The
model runs in-process in the query service, loaded from a versioned artifact
in object storage, so that a bad model can be rolled back by changing one
setting.

### Features

- the BM25 score of each field, not only the sum;
- popularity over 7 and 28 days, and the stock level;
- price relative to the median price of the category;
- the query's category intent, from the existing classifier.

Features are computed at indexing time wherever possible, so that the second
stage only reads stored values.

## Evaluation

Offline: NDCG@10 on three months of judged queries, against the current
ranking. Online: an A/B test on 10% of traffic for two weeks, with
add-to-cart rate as the primary metric and latency as a guardrail.

## Rollout

The second stage ships behind a flag, off by default. We turn it on for
internal traffic first, then run the A/B test, then ramp up per market.

## Risks

- Latency: 200 candidates with about 40 features each should score in under
  10 ms, but we need to measure it on production hardware.
- Feedback loops: the model learns from clicks on results it ranked itself,
  so 5% of traffic keeps the current ranking as a control.
"#;
