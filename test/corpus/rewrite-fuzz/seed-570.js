"use strict"//f
if//t l
 ((.33))/*vfy
 txa  xfr */ try /**/{} /* r 
x  v
 oaax i*/catch//   dn ye  c
/*jnm
  k vl */ ([[]//noux
/*rb*/ = (((((++i))))), , /*    xzi eeyt	crl  */]) {
  /*v*//*hrcq   sux
m
p*///
debugger;
} finally//sfvyp mfvdcyjp  ah//s  kj  x t b qyfxo﻿// c zr    ps yc {
//an﻿   z dkq o 	 y
  for (var /**/await /* ene  dm  */of (((--e))))/*  
l  l   j s
g */ throw/*p     hm q e vh o *//*l  *//*    uu		 bg*/ (((() /*  zm　 c   iax*/=> /*  o﻿bye*/1431)));//jm  	 rt     
  do // rb 	p  
if/*  ruzl  *///m t x
/*uxno dvpf	*/ (this) ;// x  m  q
//  pm 	 l 
 while ((((true))));
  do if/*n x*/ (/[^\c6\c8-]/is || ("î")) switch

(0) {} /*p*//*x*/else/*  ﻿nf mp
*/ switch (null) {}/*
no gsvp aro  tl*/ while/*k i　*/// krx   　   llo (class async extends (async ()/*   t s*/ => //
this) {
//j fl cj  c
  //tml v ht   aus
/*yh */  // g[this]() {
//k﻿ u  egc  b

　   /*
np yzkxbcjq  */ /*ch*/  "use strict";/*ki vqe  m*/// r ﻿ b	j 
    }
 /*q
xg
igr  uako*//*  dc dx qvep*/  // [null]() {
/* l
n	s zttv*/   /* 
y*///nlb p oyeezx  o 
   "use strict";//idnf qb 

//cx k  s 　txp     }
 //  r mnxb﻿qxfgju
 /* an   ﻿　e lgcafcf*/  static get ["¾"]() //a 　a kh e　oqm  he
//　 a o jhqc  e u　{
      "use strict"
    }//y

  })} /*  y   nm*/elseasync: for /* 　rlzfb　      
﻿*/(var// lf rr uuvp 
/*i  z jmsusol e xv*/ await/*ze vsqk	f  */ /* ap　yz m   
  kt  */of (++(2e308)[(class {})])) debugger;
/*l 	k  pk　*///yi gyq 	  d mc
