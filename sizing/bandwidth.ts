// Conferencing bandwidth, exactly as Wire's deployment overview ("Conferencing bandwidth")
// states it, seen from the conferencing server. Pure arithmetic.
import type { CallingBandwidth, ConferenceLoad } from "./types";

/** "An audio media stream may use up to 50kbps". */
export const AUDIO_STREAM_KBPS = 50;
/** "A video media stream may use up to 350kbps". */
export const VIDEO_STREAM_KBPS = 350;
/** "Wire recommends a minimum of 1GbE networking for conferencing servers": the floor of a calling
 * server's BASELINE network. What one server carries is the calling model's (calling.ts:
 * usableMbpsPerServer = baseline × headroom), not this floor. */
export const PER_SERVER_MBPS = 1000;

/** Streams the server handles for ONE conference of n participants. */
export interface ConferenceStreams {
  audioIn: number;
  audioOut: number;
  videoIn: number;
  videoOut: number;
}

export function conferenceStreams(n: number, video: boolean): ConferenceStreams {
  return {
    // "1 audio media stream is received per participant"
    audioIn: n,
    // "Up to 5 audio streams are sent to every participant in calls with more than 5
    //  participants ... fewer participants: up to n"
    audioOut: n * Math.min(n, 5),
    // "1 video media stream is received per participant"
    videoIn: video ? n : 0,
    // "Up to 9 video streams ... of 9 or more participants ... fewer: up to (n-1)"
    videoOut: video ? n * (n >= 9 ? 9 : n - 1) : 0,
  };
}

/** True when the input declares conference load (absent or zero concurrent means none). */
export function hasConferenceLoad(load: ConferenceLoad | undefined): load is ConferenceLoad {
  return !!load && load.concurrent > 0 && load.participants > 0;
}

/** Peak server bandwidth: ingress = streams received, egress = streams sent, × concurrent
 * conferences. Computed in whole kbps, then / 1000 for Mbps. */
export function callingBandwidth(load: ConferenceLoad | undefined): CallingBandwidth {
  if (!hasConferenceLoad(load)) {
    return { ingressMbps: 0, egressMbps: 0, totalMbps: 0 };
  }
  const s = conferenceStreams(load.participants, load.video);
  const ingressKbps = load.concurrent * (s.audioIn * AUDIO_STREAM_KBPS + s.videoIn * VIDEO_STREAM_KBPS);
  const egressKbps = load.concurrent * (s.audioOut * AUDIO_STREAM_KBPS + s.videoOut * VIDEO_STREAM_KBPS);
  return {
    ingressMbps: ingressKbps / 1000,
    egressMbps: egressKbps / 1000,
    totalMbps: (ingressKbps + egressKbps) / 1000,
  };
}
