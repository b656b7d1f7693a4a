/**
 * Sentences written for the blameless-hints test, each labelled with the phrases a facilitator would want marked
 * (empty: nothing should be). They read like real timeline entries, perspectives and narrative, and half of them are
 * traps: proposals, systems as subjects, quotes, negations and neutral uses of the same words. An expected phrase is
 * found in its sentence by its first occurrence; a hint counts as finding it when their spans overlap.
 *
 * Labels were written before the rules were tuned, and sentences are not rewritten to suit the rules: a miss the
 * rules cannot reasonably catch stays in the set and shows up in the figures.
 */
import type { BlamelessCategory } from './hints.ts';

export interface ExpectedHint {
  phrase: string;
  category: BlamelessCategory;
}

export interface LabelledSentence {
  text: string;
  expected: readonly ExpectedHint[];
}

const cf = (phrase: string): ExpectedHint => ({ phrase, category: 'counterfactual' });
const blame = (phrase: string): ExpectedHint => ({ phrase, category: 'blame' });
const min = (phrase: string): ExpectedHint => ({ phrase, category: 'minimising' });
const hs = (phrase: string): ExpectedHint => ({ phrase, category: 'hindsight' });

export const LABELLED_SENTENCES: readonly LabelledSentence[] = [
  // Counterfactuals about people.
  { text: 'Priya should have rolled back the deploy as soon as the alert fired.', expected: [cf('should have')] },
  { text: 'The on-call engineer should’ve checked the replica lag first.', expected: [cf('should’ve')] },
  { text: "They should've paged the DB team straight away.", expected: [cf("should've")] },
  { text: 'They could have just restarted the pod and moved on.', expected: [cf('could have just')] },
  {
    text: 'If only someone had looked at the flag dashboard, we would have caught it in minutes.',
    expected: [cf('If only')],
  },
  { text: 'Jonas shouldn’t have merged the config change on a Friday.', expected: [cf('shouldn’t have')] },
  { text: 'Had they checked the runbook, the failover would have taken five minutes.', expected: [cf('Had they')] },
  {
    text: 'If the IC had paged the database team earlier, the impact would have been smaller.',
    expected: [cf('If the IC had paged')],
  },
  { text: 'We should have known that the cache would go cold after the restart.', expected: [cf('should have')] },
  { text: 'Support could’ve escalated this an hour earlier.', expected: [cf('could’ve')] },
  { text: 'Leo could have simply turned the flag off.', expected: [cf('could have simply')] },
  { text: 'She ought to have waited for the canary to finish.', expected: [cf('ought to have')] },
  { text: 'The reviewer should have caught the missing index in code review.', expected: [cf('should have')] },
  { text: 'This should have been caught in code review.', expected: [cf('should have been caught')] },
  { text: 'If only the runbook had mentioned the second replica.', expected: [cf('If only')] },
  {
    text: 'If we had rolled back at 13:45, customers would never have noticed.',
    expected: [cf('If we had rolled back')],
  },
  {
    text: 'A more experienced engineer would have noticed the spike immediately.',
    expected: [cf('would have noticed')],
  },
  { text: 'Anyone could have seen that the queue was backing up.', expected: [cf('could have seen')] },
  { text: 'The outage could have been avoided with a little more care.', expected: [cf('could have been avoided')] },
  { text: 'He should have just asked for help.', expected: [cf('should have just')] },
  { text: "We should've had a canary stage in front of the flag service.", expected: [cf("should've")] },

  // Blame: labels, character judgements, personal failings, rhetorical questions.
  { text: 'The outage was caused by human error during the migration.', expected: [blame('human error')] },
  { text: 'Root cause: operator error.', expected: [blame('operator error')] },
  { text: 'Jonas failed to follow the deploy checklist.', expected: [blame('failed to')] },
  { text: 'The on-call failed to acknowledge the page for twenty minutes.', expected: [blame('failed to')] },
  { text: 'He neglected to update the status page.', expected: [blame('neglected to')] },
  { text: 'Someone forgot to re-enable the health check after maintenance.', expected: [blame('forgot to')] },
  { text: 'It was a careless mistake in the YAML.', expected: [blame('careless')] },
  { text: 'Deploying without a review was negligent.', expected: [blame('negligent')] },
  { text: 'Nobody bothered to read the warning in the deploy log.', expected: [blame('bothered to')] },
  {
    text: "They didn't bother to check whether the migration had finished.",
    expected: [blame("didn't bother")],
  },
  { text: 'The team was sloppy with the rollout plan.', expected: [blame('sloppy')] },
  { text: 'That was pure negligence by the database team.', expected: [blame('negligence')] },
  { text: 'The engineer ignored the low-disk alert for two hours.', expected: [blame('ignored')] },
  { text: 'How could they miss a 40% drop in checkouts?', expected: [blame('How could they')] },
  { text: 'Leo carelessly pasted the production URL into the staging config.', expected: [blame('carelessly')] },
  { text: 'Their failure to communicate the change left support in the dark.', expected: [blame('failure to')] },
  { text: 'The responders failed to notice that only one region was affected.', expected: [blame('failed to')] },
  { text: 'Frankly, this was a rookie mistake.', expected: [blame('rookie mistake')] },
  { text: 'The incident happened because Sam was lazy about testing.', expected: [blame('lazy')] },
  { text: 'Why didn’t they roll back when the error rate doubled?', expected: [blame('Why didn’t they')] },
  { text: 'Why did nobody look at the slow query log?', expected: [blame('Why did nobody')] },
  {
    text: 'Why didn’t the on-call check the replica before failing over?',
    expected: [blame('Why didn’t the on-call')],
  },
  { text: "Why wasn't anyone watching the queue depth?", expected: [blame("Why wasn't anyone")] },
  { text: 'Jonas made a silly mistake in the migration script.', expected: [blame('silly mistake')] },
  { text: 'The team dropped the ball on the handover.', expected: [blame('dropped the ball')] },
  { text: 'Frankly, the operator was incompetent.', expected: [blame('incompetent')] },
  { text: "Leo didn't bother to check whether the flag service was healthy.", expected: [blame("didn't bother")] },
  { text: 'The deploy went out because the reviewer failed to spot the typo.', expected: [blame('failed to')] },
  { text: 'The on-call was careless with the production credentials.', expected: [blame('careless')] },

  // Minimising: the work sounds easier than it was.
  { text: 'Obviously the config flag was the problem.', expected: [min('Obviously')] },
  { text: 'All they had to do was flip the flag back.', expected: [min('All they had to do')] },
  { text: 'They simply restarted the service without looking at the logs.', expected: [min('simply')] },
  { text: 'It would have been easy to spot the typo in the diff.', expected: [min('easy to spot')] },
  { text: 'Clearly nobody read the runbook.', expected: [min('Clearly')] },
  { text: 'The on-call just had to scale the pool up.', expected: [min('just had to')] },
  { text: "Maya clearly didn't read the handover notes.", expected: [min('clearly')] },
  { text: 'The spike was clearly visible on the main dashboard for twenty minutes.', expected: [min('clearly')] },
  { text: 'Priya just needed to check the replica lag.', expected: [min('just needed to')] },

  // Hindsight.
  { text: 'In hindsight, the warning signs were there all along.', expected: [hs('In hindsight')] },
  { text: 'It should have been obvious that the replica was lagging.', expected: [hs('should have been obvious')] },
  { text: 'In retrospect the 5% ramp was far too aggressive.', expected: [hs('In retrospect')] },
  { text: 'It was obvious from the graphs that the pool was exhausted.', expected: [hs('was obvious')] },
  { text: 'With hindsight, the alert threshold looks far too high.', expected: [hs('With hindsight')] },
  { text: 'This incident was entirely preventable.', expected: [hs('preventable')] },

  // More than one in a sentence.
  {
    text: 'Obviously he should have rolled back instead of debugging for an hour.',
    expected: [min('Obviously'), cf('should have')],
  },
  {
    text: 'It was human error: the operator simply forgot to drain the node.',
    expected: [blame('human error'), min('simply'), blame('forgot to')],
  },
  {
    text: 'It was a basic error that any junior would have spotted.',
    expected: [blame('basic error'), cf('would have spotted')],
  },

  // Traps: proposals.
  { text: 'We should add an alert on replica lag.', expected: [] },
  { text: 'We should have an alert for connection pool saturation.', expected: [] },
  { text: 'The health check should have a timeout shorter than the load balancer’s.', expected: [] },
  { text: 'The error budget policy says teams should halt deploys after two incidents.', expected: [] },
  { text: 'The canary should catch this class of bug before it reaches production.', expected: [] },
  { text: 'We could add a second check to the deploy pipeline.', expected: [] },
  { text: 'The on-call should have access to the production read replica.', expected: [] },
  { text: 'Everyone should have the runbook bookmarked before their first shift.', expected: [] },

  // Traps: systems as subjects.
  { text: 'The job failed to start because the image tag did not exist.', expected: [] },
  { text: 'Postgres failed to accept new connections after 13:41.', expected: [] },
  { text: 'The deploy pipeline failed to roll out to eu-west.', expected: [] },
  { text: 'Why didn’t the alert fire when p99 crossed two seconds?', expected: [] },
  { text: 'The script failed to parse the config file and exited.', expected: [] },
  { text: 'Kafka failed to rebalance after the broker restart.', expected: [] },
  { text: 'The error rate failed to drop after the first rollback, so Jonas tried a second one.', expected: [] },
  { text: 'The job failed to complete within its 30-minute window.', expected: [] },
  { text: 'The load balancer ignored the Retry-After header.', expected: [] },
  { text: 'The rollback simply reverted the flag to 0%; it did not restart any pods.', expected: [] },
  { text: 'The migration should have finished by 02:00 but was still running at 06:00.', expected: [] },
  { text: 'The retry storm could have amplified the load on atlas-db.', expected: [] },
  { text: 'It could have been much worse: the flag was at 5%, not 50%.', expected: [] },
  { text: 'If the pool had been larger, the spike would have been absorbed.', expected: [] },
  { text: 'It would have helped to have the replica lag on the main dashboard.', expected: [] },
  { text: 'Responders need a runbook that simply lists the failover steps.', expected: [] },
  { text: 'The images are lazy-loaded, so the first request after a deploy is slow.', expected: [] },
  { text: 'The service lacks basic error handling around the pool.', expected: [] },

  // Traps: quotes and code.
  { text: 'Leo wrote in the channel: "we should have rolled back an hour ago".', expected: [] },
  { text: '“Human error” is not a root cause; we keep asking what made the slip likely.', expected: [] },
  { text: 'Our review guide asks people to avoid `should have` and `failed to`.', expected: [] },
  { text: '> should have rolled back sooner — Jonas, 14:52', expected: [] },
  { text: "Sam's note says 'the on-call failed to page' but the pager log shows the page went out.", expected: [] },

  // Traps: negations and good blameless writing.
  { text: 'The dashboard was not obvious to read under pressure.', expected: [] },
  { text: 'This was not human error; the two buttons look identical.', expected: [] },
  { text: 'Nobody was careless here: the tooling made the wrong choice easy.', expected: [] },
  { text: 'None of this was negligent: the runbook described a cluster we no longer run.', expected: [] },
  { text: 'The warning in the deploy log was easy to miss among 400 lines.', expected: [] },
  { text: 'It is easy to see why the 5% ramp looked safe: the previous three ramps had been fine.', expected: [] },
  { text: 'It’s obvious now, but at 13:40 the graphs showed nothing unusual.', expected: [] },
  { text: 'Customers couldn’t have known the status page was stale.', expected: [] },
  { text: 'What made rolling back look risky at 13:50?', expected: [] },

  // Traps: the same words, used neutrally.
  { text: 'Simply put, the pool was too small for the new traffic.', expected: [] },
  { text: 'The alert fires if only one replica is healthy.', expected: [] },
  { text: 'Keep the old flag, if only for the rollback path.', expected: [] },
  { text: 'Just after 14:00 the error rate started to fall.', expected: [] },
  { text: 'The cache was just warming up when the second spike hit.', expected: [] },
  { text: 'The flag service clearly logs every change, so we can rebuild the timeline.', expected: [] },
  { text: 'Label the two buttons more clearly in the admin UI.', expected: [] },
  { text: 'Sam forgot his laptop charger, so he joined from his phone.', expected: [] },
  { text: 'We failed over to eu-west at 14:02.', expected: [] },
  { text: 'Jonas failed over the primary to the replica at 14:10.', expected: [] },
  { text: 'They would have liked more context in the page.', expected: [] },
  { text: 'Aiko had paged the database team before the alert fired.', expected: [] },
  { text: 'Maya asked why the status page had not updated automatically.', expected: [] },
  { text: 'At 13:52 Priya posted the p99 graph and asked whether anyone else saw it.', expected: [] },
  { text: 'Leo turned the flag off at 14:49 after seeing the p99 graph.', expected: [] },
  { text: 'Ask the support team what they saw, knew and did.', expected: [] },

  // Written after the rules above were in place, and run once before any change: precision 0.947 (18 of 19),
  // recall 0.857 (18 of 21). Fixed since: "Had the team …", the head noun of what was "ignored", a name before
  // "simply", and a phrase being mentioned ("the phrase human error") rather than used.

  { text: 'Aiko should have declared an incident the moment the second alert fired.', expected: [cf('should have')] },
  { text: 'The DBA should not have run the vacuum during peak traffic.', expected: [cf('should not have')] },
  { text: 'Support could have told customers about the workaround much sooner.', expected: [cf('could have')] },
  {
    text: 'If the responder had read the alert description, she would have known which dashboard to open.',
    expected: [cf('If the responder had read')],
  },
  { text: 'We should’ve just failed over to the standby.', expected: [cf('should’ve just')] },
  { text: 'Noah failed to mention that he had already restarted the workers.', expected: [blame('failed to')] },
  { text: 'The developer forgot to bump the schema version.', expected: [blame('forgot to')] },
  { text: 'Whoever approved this change was clearly not paying attention.', expected: [min('clearly')] },
  { text: 'This was a classic case of human error.', expected: [blame('human error')] },
  { text: 'Honestly, the release manager was reckless to ship on a holiday.', expected: [blame('reckless')] },
  { text: 'Why didn’t Emily escalate to the database team?', expected: [blame('Why didn’t Emily')] },
  { text: 'The IC neglected to assign a communications lead.', expected: [blame('neglected to')] },
  { text: 'They obviously hadn’t tested the migration on a full-size copy.', expected: [min('obviously')] },
  {
    text: 'All Kwame needed to do was read the banner at the top of the dashboard.',
    expected: [min('All Kwame needed to do')],
  },
  { text: 'Looking back, it was obvious the certificate was about to expire.', expected: [hs('was obvious')] },
  { text: 'The whole outage was avoidable.', expected: [hs('avoidable')] },
  { text: 'Arjun simply ignored the capacity warning.', expected: [min('simply'), blame('ignored')] },
  { text: 'It was sheer carelessness on the part of the deployer.', expected: [blame('carelessness')] },
  {
    text: 'The on-call engineers failed to coordinate and both restarted the primary.',
    expected: [blame('failed to')],
  },
  {
    text: 'Had the team looked at the error budget, they would have paused the rollout.',
    expected: [cf('Had the team looked')],
  },

  // Traps.
  { text: 'The certificate renewal job failed to run because its cron entry was commented out.', expected: [] },
  { text: 'We should have a shared channel for cross-team incidents.', expected: [] },
  { text: 'The synthetic check failed to load the login page from three regions.', expected: [] },
  { text: 'Olivia asked whether the replica should have been promoted automatically.', expected: [] },
  { text: 'The old runbook said "simply restart the pod", which no longer works.', expected: [] },
  { text: 'It was not obvious which of the three dashboards was authoritative.', expected: [] },
  { text: 'Nobody here was negligent; the alert routed to a team that no longer exists.', expected: [] },
  { text: 'The autoscaler could have added nodes, but it had hit its quota.', expected: [] },
  { text: 'The migration simply took longer than the maintenance window.', expected: [] },
  { text: 'The page was easy to miss because it arrived during a deploy freeze announcement.', expected: [] },
  { text: 'We agreed to stop using the phrase human error in our write-ups.', expected: [] },
  { text: 'Request retries failed to back off, which multiplied the load.', expected: [] },
  { text: 'Jonas had just finished a twelve-hour shift when the page came in.', expected: [] },
  { text: 'If the disk had filled any faster, the database would have crashed.', expected: [] },
  { text: 'Maya clearly explained the rollback plan in the channel before starting.', expected: [] },
  { text: 'The canary failed to detect the regression because it only runs read traffic.', expected: [] },
  { text: 'Sam was careful to record every command in the incident channel.', expected: [] },
  { text: 'Why did the queue keep growing after the consumers were scaled?', expected: [] },
  { text: 'The alert should fire when the error rate stays above 5% for two minutes.', expected: [] },
  { text: 'Emily would have preferred a second pair of eyes on the change.', expected: [] },

  // A second batch, likewise: precision 1.000 (14 of 14), recall 0.875 (14 of 16) on its first run. Fixed since:
  // a "who" clause before the verb ("the engineers who built this should have known"), and "could have" after a name
  // now read like "should have" (which in turn needed "autoscaler" in the list of system nouns).

  { text: 'tbh the oncall should have looked at the deploy log before paging everyone', expected: [cf('should have')] },
  { text: 'Lucía could’ve rolled the flag back herself instead of waiting for approval.', expected: [cf('could’ve')] },
  { text: 'The engineers who built this should have known it would not scale.', expected: [cf('should have')] },
  {
    text: 'During the handover, the outgoing on-call failed to pass on the open question about replication.',
    expected: [blame('failed to')],
  },
  { text: 'I forgot to update the ticket with the new ETA.', expected: [blame('forgot to')] },
  { text: 'The person who wrote the migration was careless about locking.', expected: [blame('careless')] },
  { text: 'How could anyone think a 50% ramp was safe?', expected: [blame('How could anyone')] },
  // The review's own questions about the system (added when the narrative outline raised hints on them).
  { text: 'How could we have detected it sooner?', expected: [] },
  { text: 'How could we have resolved it faster?', expected: [] },
  { text: 'How could we make the failover runbook easier to find?', expected: [] },
  { text: 'How could we have let this ship without a canary?', expected: [blame('How could we')] },
  { text: 'If only we had listened to the support team at 13:10.', expected: [cf('If only')] },
  { text: 'This entire incident comes down to operator error.', expected: [blame('operator error')] },
  {
    text: 'The fix was obviously to revert, and they obviously knew it.',
    expected: [min('obviously'), min('they obviously')],
  },
  { text: 'Why didn’t anybody check the replica lag?', expected: [blame('Why didn’t anybody')] },
  {
    text: 'With the benefit of hindsight, the queue alarm was telling us everything.',
    expected: [hs('With the benefit of hindsight')],
  },
  { text: 'The team clearly never tested the failover path.', expected: [min('clearly')] },
  { text: 'Kwame just needed to look at the second tab of the dashboard.', expected: [min('just needed to')] },
  { text: 'The reviewers were sloppy and approved it in four minutes.', expected: [blame('sloppy')] },

  // Traps.
  { text: 'the deploy bot failed to post in #incidents, so nobody saw the rollout start', expected: [] },
  { text: 'We should have dashboards per tenant; adding that as an action item.', expected: [] },
  {
    text: 'The flag evaluation service should have returned the default value on timeout, per its spec.',
    expected: [],
  },
  { text: 'Priya explained that the dashboard simply showed averages, which hid the p99 spike.', expected: [] },
  { text: 'Emily was not careless; the two environments had identical names in the console.', expected: [] },
  { text: 'This could have been a much longer outage if Aiko had not been awake in Tokyo.', expected: [] },
  { text: 'Our postmortem template no longer has a "root cause" or "human error" field.', expected: [] },
  { text: 'The load test failed to reproduce the issue on staging.', expected: [] },
  { text: 'What were the signals available to the on-call at 13:40?', expected: [] },
  { text: 'The retry policy simply doubles the delay each time, up to 30 seconds.', expected: [] },
  { text: 'Noah noticed the spike within a minute and paged the database team.', expected: [] },
  { text: 'It was hard to tell from the graphs whether the pool or the database was the bottleneck.', expected: [] },
  { text: 'Clear ownership of the flag service would help next time.', expected: [] },
  { text: 'The migration tool ignores tables without a primary key.', expected: [] },
  { text: 'The backup restore failed to complete before the window closed.', expected: [] },
];
