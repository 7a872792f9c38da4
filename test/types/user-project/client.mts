// A deploy script as a user writes it (ES module): the programmatic client's types.
import { connect, MoultError, type MoultClient } from 'moult';

const client: MoultClient = await connect({ autostart: false });
try {
  const list = await client.list();
  const names: string[] = list.map((i) => `${i.name}[${i.instance}] ${i.status} ${i.updates.join(',')}`);
  const result = await client.update('api', './fix.js', { timeoutMs: 30_000 });
  void names;
  void result;
} catch (err) {
  if (err instanceof MoultError) console.error(err.code, err.message);
} finally {
  client.close();
}
