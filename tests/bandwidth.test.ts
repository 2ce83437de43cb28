// Conferencing bandwidth against the seed's rules, every expectation worked out by hand:
//   received per participant: 1 audio (+1 video)
//   sent per participant: min(n,5) audio, (n >= 9 ? 9 : n-1) video; 50 kbps audio, 350 kbps video.
import { callingBandwidth, conferenceStreams } from "../sizing/bandwidth";

describe("conferenceStreams", () => {
  it("caps audio at 5 and video at 9 streams sent per participant", () => {
    // n=3: audio out 3×3, video out 3×2
    expect(conferenceStreams(3, true)).toEqual({ audioIn: 3, audioOut: 9, videoIn: 3, videoOut: 6 });
    // n=12: audio out 12×5, video out 12×9
    expect(conferenceStreams(12, true)).toEqual({ audioIn: 12, audioOut: 60, videoIn: 12, videoOut: 108 });
    expect(conferenceStreams(12, false)).toEqual({ audioIn: 12, audioOut: 60, videoIn: 0, videoOut: 0 });
  });
});

describe("callingBandwidth for one conference (kbps worked out by hand)", () => {
  // [n, video, ingress kbps, egress kbps]
  const cases: [number, boolean, number, number][] = [
    // n=2 video: in 2×(50+350)=800; out 2×2×50 + 2×1×350 = 200+700
    [2, true, 800, 900],
    // n=5 video: in 5×400=2000; out 5×5×50 + 5×4×350 = 1250+7000
    [5, true, 2000, 8250],
    // n=6 video: in 2400; out 6×5×50 + 6×5×350 = 1500+10500
    [6, true, 2400, 12000],
    // n=8 video: in 3200; out 8×5×50 + 8×7×350 = 2000+19600
    [8, true, 3200, 21600],
    // n=9 video: in 3600; out 9×5×50 + 9×9×350 = 2250+28350
    [9, true, 3600, 30600],
    // n=10 video: in 4000; out 10×5×50 + 10×9×350 = 2500+31500
    [10, true, 4000, 34000],
    // n=50 video: in 20000; out 50×5×50 + 50×9×350 = 12500+157500
    [50, true, 20000, 170000],
    // audio only: in n×50; out n×min(n,5)×50
    [2, false, 100, 200],
    [5, false, 250, 1250],
    [6, false, 300, 1500],
    [9, false, 450, 2250],
    [50, false, 2500, 12500],
  ];
  it.each(cases)("n=%i video=%s: ingress %i kbps, egress %i kbps", (n, video, inKbps, outKbps) => {
    const b = callingBandwidth({ concurrent: 1, participants: n, video });
    expect(b.ingressMbps).toBeCloseTo(inKbps / 1000, 9);
    expect(b.egressMbps).toBeCloseTo(outKbps / 1000, 9);
    expect(b.totalMbps).toBeCloseTo((inKbps + outKbps) / 1000, 9);
  });
});

describe("callingBandwidth scales with concurrent conferences", () => {
  it("40 conferences of 10 with video: 40 × 4 Mbps in, 40 × 34 Mbps out", () => {
    expect(callingBandwidth({ concurrent: 40, participants: 10, video: true })).toEqual({
      ingressMbps: 160,
      egressMbps: 1360,
      totalMbps: 1520,
    });
  });
  it("7 audio-only conferences of 6: 7 × 0.3 in, 7 × 1.5 out", () => {
    const b = callingBandwidth({ concurrent: 7, participants: 6, video: false });
    expect(b.ingressMbps).toBeCloseTo(2.1, 9);
    expect(b.egressMbps).toBeCloseTo(10.5, 9);
    expect(b.totalMbps).toBeCloseTo(12.6, 9);
  });
  it("no load (absent or zero concurrent) is zero bandwidth", () => {
    for (const load of [undefined, { concurrent: 0, participants: 10, video: true }]) {
      expect(callingBandwidth(load)).toEqual({ ingressMbps: 0, egressMbps: 0, totalMbps: 0 });
    }
  });
});
