// A TCP relay on loopback whose outgoing connections leave from a chosen source address, so that a
// real client (psql) can be seen by the server as coming from e.g. 127.0.2.5. libpq has no option to
// bind the source address; Linux routes all of 127.0.0.0/8 to lo, so any 127.x.y.z can be bound.
import * as net from "net";

export interface Relay {
  port: number;
  close(): Promise<void>;
}

export async function startRelay(source: string, target: { host: string; port: number }): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target.host, port: target.port, localAddress: source });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => (s === client ? upstream : client).destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
