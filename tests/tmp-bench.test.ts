import { size } from "../sizing";
it("speed", () => { const t = Date.now(); for (let i = 0; i < 1000; i++) size({ users: 1000 + i * 997, region: "us-east-1" }); console.log((Date.now() - t) / 1000, "ms per size()"); });
