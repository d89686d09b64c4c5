// Tests read many JSON bodies; let them be `any` there instead of casting at every call.
export {};
declare global {
  interface Response {
    json(): Promise<any>;
  }
}
