// broadcast-channel's method chooser (its dist/esbrowser/method-chooser.js) with the native BroadcastChannel only:
// every browser the PWA supports has it (it needs IndexedDB, service workers and ES2022 anyway), so the IndexedDB and
// localStorage fallbacks RxDB's cross-tab messages never use are not shipped. webpack.config.cjs puts this module in
// the chooser's place.
import { NativeMethod } from 'broadcast-channel/native-method';

export function chooseMethod() {
  if (!NativeMethod.canBeUsed()) throw new Error('this browser has no BroadcastChannel');
  return NativeMethod;
}
