import { defineMessages } from "../i18n/messages.ts";

export const authMessages = defineMessages({
  en: {
    product: "orgsync",
    tagline: "Keeps your LDAP directory in step with your IM org chart.",
    loginTitle: "Log in",
    username: "Username",
    password: "Password",
    logIn: "Log in",
    invalid: "Wrong username or password.",
    throttled: (seconds: number) => `Too many failed attempts. Try again in ${seconds} seconds.`,
    setupTitle: "Create the first admin",
    setupIntro:
      "No admin exists yet. Choose the username and password you will log in with; you can add more admins later.",
    confirmPassword: "Repeat the password",
    passwordHint: "At least 12 characters.",
    passwordsDiffer: "The two passwords differ.",
    createAdmin: "Create admin and log in",
  },
  zh: {
    product: "orgsync",
    tagline: "让 LDAP 目录与 IM 组织架构保持一致。",
    loginTitle: "登录",
    username: "用户名",
    password: "密码",
    logIn: "登录",
    invalid: "用户名或密码错误。",
    throttled: (seconds: number) => `失败次数过多，请 ${seconds} 秒后再试。`,
    setupTitle: "创建第一个管理员",
    setupIntro: "还没有管理员。请设置登录用的用户名和密码，之后可以再添加管理员。",
    confirmPassword: "再次输入密码",
    passwordHint: "至少 12 个字符。",
    passwordsDiffer: "两次输入的密码不一致。",
    createAdmin: "创建管理员并登录",
  },
});
