// The calling model's assumptions (sizing/calling.ts uses them): each default with where it comes
// from. The stack file's `calling` map (schema.ts) overrides any of them; its `.describe()` texts, and
// so the stack-file reference (docs/reference.md) and the editor schema, quote these sources.

/** What the model assumes. Shares are 0..1, bitrates kbps per stream direction. */
export interface CallingAssumptions {
  /** Share of all users in a one-to-one call at the busy hour. */
  oneToOnePeakShare: number;
  /** Share of one-to-one calls that send video. */
  oneToOneVideoShare: number;
  /** Share of one-to-one call legs (one per participant) that go through a TURN relay. */
  relayedLegShare: number;
  /** Bitrate of an audio-only call leg, each direction. */
  audioLegKbps: number;
  /** Bitrate of a video call leg (video plus its audio), each direction. */
  videoLegKbps: number;
  /** Share of conference participants who reach the SFT through TURN. */
  conferenceTurnShare: number;
  /** Share of an instance's BASELINE network we plan to fill. */
  headroom: number;
  /** Hours a working day carries the peak's traffic (the bill: calling egress per month). */
  busyHoursPerDay: number;
  /** Working days a month (the bill: calling egress per month). */
  workingDaysPerMonth: number;
}

export const CALLING_DEFAULTS: CallingAssumptions = {
  oneToOnePeakShare: 0.05,
  oneToOneVideoShare: 1,
  relayedLegShare: 0.5,
  audioLegKbps: 50,
  videoLegKbps: 400,
  conferenceTurnShare: 0.1,
  headroom: 0.8,
  busyHoursPerDay: 6,
  workingDaysPerMonth: 21,
};

/** Why each default: printed by `size`, and the `.describe()` texts of the stack file's `calling` map. */
export const CALLING_SOURCES: Record<keyof CallingAssumptions, string> = {
  oneToOnePeakShare:
    "Wire publishes no figure; desk phones are planned at 0.1-0.2 Erlang per user in the busy hour (classic traffic engineering), a messenger's calls are a fraction of that: we take 5 % of users in a one-to-one call at peak",
  oneToOneVideoShare: "the upper bound (every call with video), as the seed sizes conferences with video by default",
  relayedLegShare:
    "public WebRTC measurements put 10-50 % of connections through TURN, depending on networks and firewalls; we size for the upper end",
  audioLegKbps: "the seed: an audio media stream may use up to 50 kbps",
  videoLegKbps: "the seed: a video stream may use up to 350 kbps, plus its 50 kbps audio stream",
  conferenceTurnShare:
    "the SFT has a public address, so NAT traversal does not force a relay; only clients whose network blocks UDP to it use TURN: the low end of the measured 10-50 %",
  headroom:
    "our planning margin: queueing delay and loss grow as a link nears saturation, so we fill 80 % of the BASELINE (sustained) rate, never the burst rate",
  busyHoursPerDay:
    "classic traffic engineering: the busy hour carries about a sixth of a working day's traffic, so a day's calls equal the peak held for 6 hours",
  workingDaysPerMonth: "365 × 5/7 / 12 = 21.7 weekdays a month less public holidays; weekend calls are left out (a business messenger)",
};

/** Assumptions that are not shares (0..1) but counts of hours and days, with their upper bound. */
export const CALLING_TIME_KEYS: Partial<Record<keyof CallingAssumptions, number>> = { busyHoursPerDay: 24, workingDaysPerMonth: 31 };


/** Container uids of Wire's charts (their values' defaults; outputs/callingPods.ts pins them: sftd's
 * securityContext.runAsUser, coturn's podSecurityContext.runAsUser, the only one its chart templates).
 * The calling nodes' nftables rules (components/callingDmz.ts) match them, so they live below both. */
export const CALLING_UIDS = { coturn: 31338, sftd: 31337 } as const;
