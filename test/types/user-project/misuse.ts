// What the types refuse: each line below must be a compile error (tsc fails on an unused
// expect-error directive, so a type that became `any` is caught).
import { connect } from 'moult';
import { DsuTask, Update } from 'moult/runtime';

async function misuse(): Promise<void> {
  // @ts-expect-error home is a path
  await connect({ home: 42 });
  const client = await connect();
  // @ts-expect-error update needs the update file
  await client.update('api');
  // @ts-expect-error a task's main is a function
  new DsuTask({ name: 'x', main: 'not a function' });
  // @ts-expect-error requirements are 'yes' | 'no' | 'never'
  class Bad extends Update { override checkRequirements() { return 'maybe'; } }
  void Bad;
}
void misuse;
